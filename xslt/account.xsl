<?xml version="1.0" encoding="UTF-8"?>
<!--
  account.xsl - the person's own page (GET /helpdesk/account): who the
  directory says they are, and their personal API tokens: the list with a
  revoke button each, the form making one, and a token just made, shown
  this once.
  Input: /helpdesk/account with person (@login, @name, @mail, @phone,
  @organisation, @role), mail (@href: the notifications page, @sending) and api-tokens (@action, @csrf, @revoked: the id the
  last action revoked, @name: the name sent when it was refused) holding
  list/api-token (@id, @name, @created, @last-used, @revoked when revoked,
  else @revoke and @revoke-csrf), errors/error (@field, @message) and, after
  a POST that made one, new-token (@id, @name, @token).
  Each section is a template of its own matching the element, so a section
  added to <account> later is one more template.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:variable name="errors" select="/helpdesk/account/api-tokens/errors/error"/>
  <xsl:variable name="p" select="'t-'"/>

  <xsl:template match="/helpdesk" mode="title">
    <xsl:if test="$errors">Error: </xsl:if>
    <xsl:text>Your account</xsl:text>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <div class="page-header">
      <h1 class="page-title">Your account</h1>
    </div>
    <xsl:call-template name="error-summary">
      <xsl:with-param name="errors" select="$errors"/>
      <xsl:with-param name="prefix" select="$p"/>
      <xsl:with-param name="fields" select="' name '"/>
      <xsl:with-param name="fallback" select="'token-form'"/>
    </xsl:call-template>
    <xsl:apply-templates select="account/*"/>
  </xsl:template>

  <!-- ===== Who you are, as the directory says ===== -->
  <xsl:template match="account/person">
    <section class="panel" aria-labelledby="person-title">
      <h2 class="panel__title" id="person-title">You</h2>
      <dl class="details">
        <div class="details__row"><dt>Name</dt><dd><xsl:value-of select="@name"/></dd></div>
        <div class="details__row"><dt>Login</dt><dd><xsl:value-of select="@login"/></dd></div>
        <xsl:if test="normalize-space(@mail)">
          <div class="details__row"><dt>E-mail</dt><dd><xsl:value-of select="@mail"/></dd></div>
        </xsl:if>
        <xsl:if test="normalize-space(@phone)">
          <div class="details__row"><dt>Phone</dt><dd><xsl:value-of select="@phone"/></dd></div>
        </xsl:if>
        <xsl:if test="normalize-space(@organisation)">
          <div class="details__row"><dt>Organisation</dt><dd><xsl:value-of select="@organisation"/></dd></div>
        </xsl:if>
        <div class="details__row">
          <dt>Role</dt>
          <dd>
            <xsl:choose>
              <xsl:when test="@role = 'agent'">Service desk agent</xsl:when>
              <xsl:when test="@role = 'supervisor'">Supervisor</xsl:when>
              <xsl:otherwise>Staff</xsl:otherwise>
            </xsl:choose>
          </dd>
        </div>
      </dl>
      <p class="aside-note">These details come from the directory; to change them, contact the service desk.
        <a href="{$base}/sessions">Where you are logged in</a></p>
    </section>
  </xsl:template>

  <!-- ===== Mail: what the help desk writes to you about ===== -->
  <xsl:template match="account/mail">
    <section class="panel" aria-labelledby="mail-title">
      <h2 class="panel__title" id="mail-title">Mail</h2>
      <p>
        <xsl:choose>
          <xsl:when test="@sending = 'true'">The help desk writes to you when your tickets are logged, answered or change status, and when services you follow change.</xsl:when>
          <xsl:otherwise>This portal does not send mail yet.</xsl:otherwise>
        </xsl:choose>
        <xsl:text> </xsl:text>
        <a href="{@href}">Choose which mail you get</a>
      </p>
    </section>
  </xsl:template>

  <!-- ===== Personal API tokens ===== -->
  <xsl:template match="account/api-tokens">
    <section class="panel" id="api-tokens" aria-labelledby="api-tokens-title">
      <h2 class="panel__title" id="api-tokens-title">API tokens</h2>
      <p>A token lets a program (such as the desktop support agent) use the helpdesk as you, with your rights.
        Give each program its own token and revoke it when the program no longer needs it.</p>

      <xsl:apply-templates select="new-token"/>

      <xsl:if test="normalize-space(@revoked) != ''">
        <div class="notice notice--success" role="status">
          <p class="notice__text">The token is revoked: programs using it can no longer sign in.</p>
        </div>
      </xsl:if>

      <xsl:choose>
        <xsl:when test="list/api-token">
          <div class="table-wrap" role="region" aria-labelledby="api-tokens-caption" tabindex="0">
            <table class="ticket-table">
              <caption id="api-tokens-caption">Your API tokens</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col"><span class="visually-hidden">Action</span></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="list/api-token">
                  <tr>
                    <td><xsl:value-of select="@name"/></td>
                    <td><xsl:value-of select="@created"/></td>
                    <td>
                      <xsl:choose>
                        <xsl:when test="normalize-space(@last-used)"><xsl:value-of select="@last-used"/></xsl:when>
                        <xsl:otherwise>Never</xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td>
                      <xsl:choose>
                        <xsl:when test="@revoked">Revoked <xsl:value-of select="@revoked"/></xsl:when>
                        <xsl:otherwise>
                          <form class="form form--inline" method="post" action="{@revoke}">
                            <input type="hidden" name="csrf" value="{@revoke-csrf}"/>
                            <button type="submit" class="button button--secondary">
                              <xsl:text>Revoke</xsl:text>
                              <span class="visually-hidden"><xsl:text> </xsl:text><xsl:value-of select="@name"/></span>
                            </button>
                          </form>
                        </xsl:otherwise>
                      </xsl:choose>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p>You have no API tokens.</p>
        </xsl:otherwise>
      </xsl:choose>

      <form class="form" id="token-form" method="post" action="{@action}">
        <input type="hidden" name="csrf" value="{@csrf}"/>
        <div>
          <xsl:attribute name="class">
            <xsl:text>field</xsl:text>
            <xsl:if test="$errors[@field = 'name']"> field--error</xsl:if>
          </xsl:attribute>
          <label class="field__label" for="t-name">Name of a new token</label>
          <p class="field__hint" id="t-name-hint">Which program will hold it, for example “Desktop agent on PC-0042”.</p>
          <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="'name'"/></xsl:call-template>
          <input class="input" id="t-name" name="name" type="text" maxlength="100" required="" autocomplete="off" value="{@name}">
            <xsl:call-template name="described-by">
              <xsl:with-param name="errors" select="$errors"/>
              <xsl:with-param name="prefix" select="$p"/>
              <xsl:with-param name="field" select="'name'"/>
              <xsl:with-param name="hint" select="'t-name-hint'"/>
            </xsl:call-template>
          </input>
        </div>
        <div class="form__actions">
          <button type="submit" class="button button--primary">Create token</button>
        </div>
      </form>
    </section>
  </xsl:template>

  <!-- A token just made: the only time anyone sees it. -->
  <xsl:template match="new-token">
    <div class="notice notice--success" role="status" id="new-token">
      <p class="notice__text">
        <xsl:text>Your new token “</xsl:text>
        <xsl:value-of select="@name"/>
        <xsl:text>”. Copy it now: it will not be shown again.</xsl:text>
      </p>
      <p><code class="token"><xsl:value-of select="@token"/></code></p>
    </div>
  </xsl:template>

  <!-- Sections this stylesheet does not know yet are left out. -->
  <xsl:template match="account/*" priority="-1"/>

</xsl:stylesheet>
