<?xml version="1.0" encoding="UTF-8"?>
<!--
  account.xsl - the person's own page (GET /helpdesk/account): who the
  directory says they are, their contact details (a form writing them to
  the directory), their e-mail address (a form asking for a new one, which
  changes when the link mailed to it is followed), a link to change the
  password, and their personal API tokens: the list with a revoke button
  each, the form making one, and a token just made, shown this once.
  Input: /helpdesk/account (@saved: contact, mail, mail-link or password,
  what was just done) with person (@login, @name, @mail, @phone,
  @organisation, @role), contact (@action, @csrf, @phone, @mobile, @room:
  as the directory holds them now, or as typed when refused; errors/error),
  mail-address (@current, @sending, @action, @csrf, @new: as typed when
  refused, @pending and @pending-until: an address waiting for its link;
  errors/error), password (@href: the change-password page),
  mail (@href: the notifications page, @sending) and api-tokens (@action, @csrf, @revoked: the id the
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

  <!-- Each form's errors, and the prefix of its fields' ids; only one form
       is ever refused at a time. -->
  <xsl:variable name="errors" select="/helpdesk/account/api-tokens/errors/error"/>
  <xsl:variable name="p" select="'t-'"/>
  <xsl:variable name="contact-errors" select="/helpdesk/account/contact/errors/error"/>
  <xsl:variable name="cp" select="'c-'"/>
  <xsl:variable name="mail-errors" select="/helpdesk/account/mail-address/errors/error"/>
  <xsl:variable name="mp" select="'m-'"/>
  <xsl:variable name="saved" select="string(/helpdesk/account/@saved)"/>

  <xsl:template match="/helpdesk" mode="title">
    <xsl:if test="$errors or $contact-errors or $mail-errors">Error: </xsl:if>
    <xsl:text>Your account</xsl:text>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <div class="page-header">
      <h1 class="page-title">Your account</h1>
    </div>
    <xsl:choose>
      <xsl:when test="$contact-errors">
        <xsl:call-template name="error-summary">
          <xsl:with-param name="errors" select="$contact-errors"/>
          <xsl:with-param name="prefix" select="$cp"/>
          <xsl:with-param name="fields" select="' phone mobile room '"/>
          <xsl:with-param name="fallback" select="'contact-form'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$mail-errors">
        <xsl:call-template name="error-summary">
          <xsl:with-param name="errors" select="$mail-errors"/>
          <xsl:with-param name="prefix" select="$mp"/>
          <xsl:with-param name="fields" select="' mail '"/>
          <xsl:with-param name="fallback" select="'mail-form'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="error-summary">
          <xsl:with-param name="errors" select="$errors"/>
          <xsl:with-param name="prefix" select="$p"/>
          <xsl:with-param name="fields" select="' name '"/>
          <xsl:with-param name="fallback" select="'token-form'"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$saved != ''">
      <div class="notice notice--success" role="status" id="saved">
        <p class="notice__text">
          <xsl:choose>
            <xsl:when test="$saved = 'contact'">Your contact details are saved.</xsl:when>
            <xsl:when test="$saved = 'mail'">Your e-mail address is changed: the help desk writes to the new one from now on.</xsl:when>
            <xsl:when test="$saved = 'mail-link'">We have sent a link to <xsl:value-of select="account/mail-address/@pending"/>; your address changes when you follow it.</xsl:when>
            <xsl:when test="$saved = 'password'">Your password is changed. Use the new one the next time you log in.</xsl:when>
          </xsl:choose>
        </p>
      </div>
    </xsl:if>
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
      <p class="aside-note">These details come from the directory; to change your name or organisation, contact the service desk.
        <a href="{$base}/sessions">Where you are logged in</a></p>
    </section>
  </xsl:template>

  <!-- ===== How people reach you: written to the directory ===== -->
  <xsl:template match="account/contact">
    <section class="panel" id="contact" aria-labelledby="contact-title">
      <h2 class="panel__title" id="contact-title">Contact details</h2>
      <p>Colleagues and the service desk see these in the directory. Leave a field empty to remove it.</p>
      <form class="form" id="contact-form" method="post" action="{@action}">
        <input type="hidden" name="csrf" value="{@csrf}"/>
        <xsl:call-template name="contact-field">
          <xsl:with-param name="field" select="'phone'"/>
          <xsl:with-param name="label" select="'Telephone'"/>
          <xsl:with-param name="value" select="@phone"/>
          <xsl:with-param name="type" select="'tel'"/>
          <xsl:with-param name="max" select="32"/>
          <xsl:with-param name="autocomplete" select="'tel'"/>
        </xsl:call-template>
        <xsl:call-template name="contact-field">
          <xsl:with-param name="field" select="'mobile'"/>
          <xsl:with-param name="label" select="'Mobile'"/>
          <xsl:with-param name="value" select="@mobile"/>
          <xsl:with-param name="type" select="'tel'"/>
          <xsl:with-param name="max" select="32"/>
          <xsl:with-param name="autocomplete" select="'tel'"/>
        </xsl:call-template>
        <xsl:call-template name="contact-field">
          <xsl:with-param name="field" select="'room'"/>
          <xsl:with-param name="label" select="'Office or room'"/>
          <xsl:with-param name="value" select="@room"/>
          <xsl:with-param name="type" select="'text'"/>
          <xsl:with-param name="max" select="64"/>
          <xsl:with-param name="autocomplete" select="'off'"/>
        </xsl:call-template>
        <div class="form__actions">
          <button type="submit" class="button button--primary">Save contact details</button>
        </div>
      </form>
    </section>
  </xsl:template>

  <xsl:template name="contact-field">
    <xsl:param name="field"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="type"/>
    <xsl:param name="max"/>
    <xsl:param name="autocomplete"/>
    <div>
      <xsl:attribute name="class">
        <xsl:text>field</xsl:text>
        <xsl:if test="$contact-errors[@field = $field]"> field--error</xsl:if>
      </xsl:attribute>
      <label class="field__label" for="{$cp}{$field}"><xsl:value-of select="$label"/></label>
      <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$contact-errors"/><xsl:with-param name="prefix" select="$cp"/><xsl:with-param name="field" select="$field"/></xsl:call-template>
      <input class="input" id="{$cp}{$field}" name="{$field}" type="{$type}" maxlength="{$max}" autocomplete="{$autocomplete}" value="{$value}">
        <xsl:call-template name="described-by">
          <xsl:with-param name="errors" select="$contact-errors"/>
          <xsl:with-param name="prefix" select="$cp"/>
          <xsl:with-param name="field" select="$field"/>
        </xsl:call-template>
      </input>
    </div>
  </xsl:template>

  <!-- ===== The e-mail address: changed only through a mailed link ===== -->
  <xsl:template match="account/mail-address">
    <section class="panel" id="mail-address" aria-labelledby="mail-address-title">
      <h2 class="panel__title" id="mail-address-title">E-mail address</h2>
      <p>
        <xsl:choose>
          <xsl:when test="normalize-space(@current)">The help desk writes to <strong><xsl:value-of select="@current"/></strong>.</xsl:when>
          <xsl:otherwise>The directory has no e-mail address for you.</xsl:otherwise>
        </xsl:choose>
      </p>
      <xsl:if test="normalize-space(@pending) and $saved != 'mail-link'">
        <div class="notice" role="note">
          <p class="notice__text">We have sent a link to <xsl:value-of select="@pending"/>; your address changes when you follow it (until <xsl:call-template name="datetime"><xsl:with-param name="value" select="@pending-until"/></xsl:call-template>).</p>
        </div>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="@sending = 'true'">
          <form class="form" id="mail-form" method="post" action="{@action}">
            <input type="hidden" name="csrf" value="{@csrf}"/>
            <div>
              <xsl:attribute name="class">
                <xsl:text>field</xsl:text>
                <xsl:if test="$mail-errors[@field = 'mail']"> field--error</xsl:if>
              </xsl:attribute>
              <label class="field__label" for="m-mail">New e-mail address</label>
              <p class="field__hint" id="m-mail-hint">We send a link to the new address; it becomes yours when you follow it, within 24 hours.</p>
              <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$mail-errors"/><xsl:with-param name="prefix" select="$mp"/><xsl:with-param name="field" select="'mail'"/></xsl:call-template>
              <input class="input" id="m-mail" name="mail" type="email" maxlength="254" required="" autocomplete="email" spellcheck="false" value="{@new}">
                <xsl:call-template name="described-by">
                  <xsl:with-param name="errors" select="$mail-errors"/>
                  <xsl:with-param name="prefix" select="$mp"/>
                  <xsl:with-param name="field" select="'mail'"/>
                  <xsl:with-param name="hint" select="'m-mail-hint'"/>
                </xsl:call-template>
              </input>
            </div>
            <div class="form__actions">
              <button type="submit" class="button button--primary">Send the link</button>
            </div>
          </form>
        </xsl:when>
        <xsl:otherwise>
          <p>This portal sends no mail, so it cannot confirm a new address: ask the service desk to change it.</p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ===== The password: a page of its own ===== -->
  <xsl:template match="account/password">
    <section class="panel" id="password" aria-labelledby="password-title">
      <h2 class="panel__title" id="password-title">Password</h2>
      <p><a href="{@href}">Change your password</a></p>
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
