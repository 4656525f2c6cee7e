<?xml version="1.0" encoding="UTF-8"?>
<!--
  login-detail.xsl - one login of the supervisor's organisation
  (GET /helpdesk/logins/LOGIN, page_logins.c) with "Reset password",
  which sends a temporary password to their e-mail address.
  Input: /helpdesk/login-detail @organisation @list-href @valid-hours
    @done ("sent" after a reset) @problem ("" | no-mail | refused) @why
    (the directory's words on a refusal), person (as in logins.xsl),
    reset-form @action @csrf (only when they have an address),
    resets/reset @created @expires @used @requested-by (the latest
    temporary passwords; requested-by "" when they asked themselves)
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:variable name="nav-current" select="'logins'"/>

  <xsl:template match="/helpdesk" mode="title"><xsl:value-of select="login-detail/person/@name"/></xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:apply-templates select="login-detail"/>
  </xsl:template>

  <xsl:template match="login-detail">
    <xsl:variable name="p" select="person"/>
    <p><a href="{@list-href}">Logins of <xsl:value-of select="@organisation"/></a></p>
    <h1 class="page-title"><xsl:value-of select="$p/@name"/></h1>

    <xsl:if test="@done = 'sent'">
      <div class="notice notice--success" role="status">
        <p class="notice__text">A temporary password was sent to <xsl:value-of select="$p/@mail"/>. It works for <xsl:value-of select="@valid-hours"/> hours; <xsl:value-of select="$p/@name"/> chooses their own at their first login. Their sessions were ended.</p>
      </div>
    </xsl:if>
    <xsl:if test="@problem = 'no-mail'">
      <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
        <h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>
        <p class="error-summary__body"><xsl:value-of select="$p/@name"/> has no e-mail address the portal can write to, so no temporary password can be sent. Nothing was changed. Contact the service desk to reset it.</p>
      </div>
    </xsl:if>
    <xsl:if test="@problem = 'refused'">
      <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
        <h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>
        <p class="error-summary__body">The staff directory refused the new password, so nothing was changed<xsl:if test="normalize-space(@why) != ''">: <xsl:value-of select="@why"/></xsl:if>. Contact the service desk.</p>
      </div>
    </xsl:if>

    <dl class="details">
      <dt>Login</dt><dd><xsl:value-of select="$p/@login"/></dd>
      <dt>E-mail</dt>
      <dd>
        <xsl:choose>
          <xsl:when test="$p/@has-mail = 'true'"><a href="mailto:{$p/@mail}"><xsl:value-of select="$p/@mail"/></a></xsl:when>
          <xsl:otherwise>None in the directory</xsl:otherwise>
        </xsl:choose>
      </dd>
      <dt>Phone</dt><dd><xsl:value-of select="$p/@phone"/></dd>
      <dt>Open tickets</dt><dd><xsl:value-of select="$p/@open-tickets"/></dd>
      <dt>All tickets</dt><dd><xsl:value-of select="$p/@total-tickets"/></dd>
      <dt>Last login</dt>
      <dd>
        <xsl:choose>
          <xsl:when test="normalize-space($p/@last-login) != ''">
            <xsl:call-template name="datetime"><xsl:with-param name="value" select="$p/@last-login"/></xsl:call-template>
          </xsl:when>
          <xsl:otherwise>None the portal still keeps</xsl:otherwise>
        </xsl:choose>
      </dd>
    </dl>

    <section class="panel" aria-labelledby="reset-title">
      <h2 id="reset-title">Reset password</h2>
      <xsl:choose>
        <xsl:when test="reset-form">
          <p>Sends <xsl:value-of select="$p/@name"/> a temporary password at <xsl:value-of select="$p/@mail"/>, valid for <xsl:value-of select="@valid-hours"/> hours. Their old password stops working at once, and they must choose their own when they log in.</p>
          <form class="form" method="post" action="{reset-form/@action}">
            <input type="hidden" name="csrf" value="{reset-form/@csrf}"/>
            <div class="form__actions">
              <button type="submit" class="button button--primary">Reset password</button>
            </div>
          </form>
        </xsl:when>
        <xsl:otherwise>
          <p><xsl:value-of select="$p/@name"/> has no e-mail address in the staff directory, so the portal cannot send a temporary password. Contact the service desk to reset it.</p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="resets/reset">
        <h3>Temporary passwords sent</h3>
        <ul>
          <xsl:for-each select="resets/reset">
            <li>
              <xsl:call-template name="datetime"><xsl:with-param name="value" select="@created"/></xsl:call-template>
              <xsl:choose>
                <xsl:when test="normalize-space(@requested-by) != ''"> by <xsl:value-of select="@requested-by"/></xsl:when>
                <xsl:otherwise> asked for by them (forgotten password)</xsl:otherwise>
              </xsl:choose>
              <xsl:choose>
                <xsl:when test="normalize-space(@used) != ''">; a new password chosen </xsl:when>
                <xsl:otherwise>; valid until </xsl:otherwise>
              </xsl:choose>
              <xsl:choose>
                <xsl:when test="normalize-space(@used) != ''"><xsl:call-template name="datetime"><xsl:with-param name="value" select="@used"/></xsl:call-template></xsl:when>
                <xsl:otherwise><xsl:call-template name="datetime"><xsl:with-param name="value" select="@expires"/></xsl:call-template></xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </section>
  </xsl:template>

</xsl:stylesheet>
