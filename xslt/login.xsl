<?xml version="1.0" encoding="UTF-8"?>
<!--
  login.xsl - the login page.  The form posts to the module (page_login.c):
  username, password, csrf (bound to the hdlogin cookie), return, and kept
  (the body of a form that met an ended session, completed after login).
  See layout.xsl for the layout contract.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:template match="/helpdesk" mode="title">Log in</xsl:template>

  <xsl:template match="/helpdesk" mode="main-class">main--narrow</xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:apply-templates select="login"/>
  </xsl:template>

  <xsl:template match="login">
    <xsl:variable name="problem" select="@problem"/>
    <xsl:variable name="failed" select="$problem = 'wrong'"/>

    <div class="login">
      <xsl:if test="$problem = 'wrong' or $problem = 'expired' or $problem = 'throttled' or $problem = 'temporary-expired'">
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
          <h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>
          <p class="error-summary__body">
            <xsl:choose>
              <xsl:when test="$failed">
                <a href="#login-username">The login or password is not right. Check them and try again.</a>
              </xsl:when>
              <xsl:when test="$problem = 'expired'">
                <xsl:text>This login form has expired, or came from another site. Log in again with the form below.</xsl:text>
              </xsl:when>
              <xsl:when test="$problem = 'temporary-expired'">
                <xsl:text>Your temporary password has expired. </xsl:text>
                <a href="{$base}/password/forgot">Ask for a new one</a>
                <xsl:text>, or contact the service desk.</xsl:text>
              </xsl:when>
              <xsl:otherwise>
                <xsl:text>Too many failed logins for this account or from this computer. Try again in </xsl:text>
                <xsl:call-template name="wait-words">
                  <xsl:with-param name="seconds" select="@retry-after"/>
                </xsl:call-template>
                <xsl:text>, or contact the service desk.</xsl:text>
              </xsl:otherwise>
            </xsl:choose>
          </p>
        </div>
      </xsl:if>

      <xsl:if test="$problem = 'ended'">
        <div class="notice" role="status">
          <p class="notice__text">
            <xsl:text>You are not logged in, or your session has ended. Log in to continue</xsl:text>
            <xsl:if test="kept">
              <xsl:text>: what you sent is kept and will be sent when you log in</xsl:text>
            </xsl:if>
            <xsl:text>.</xsl:text>
          </p>
        </div>
      </xsl:if>

      <xsl:if test="@loggedout = 'true' and $problem = 'none'">
        <div class="notice notice--success" role="status">
          <p class="notice__text">You have logged out.</p>
        </div>
      </xsl:if>

      <section class="panel login__panel" aria-labelledby="login-title">
        <h1 class="page-title login__title" id="login-title">Log in</h1>
        <p class="login__intro">
          <xsl:text>Log in to </xsl:text>
          <xsl:value-of select="$site"/>
          <xsl:text> to see how IT services are running and the details we hold about you.</xsl:text>
        </p>

        <form class="form" method="post" action="{@action}">
          <div class="field">
            <xsl:if test="$failed">
              <xsl:attribute name="class">field field--error</xsl:attribute>
            </xsl:if>
            <label class="field__label" for="login-username">Login</label>
            <p class="field__hint" id="login-username-hint">Use your organisation (directory) login.</p>
            <input class="input" id="login-username" name="username" type="text"
                   autocomplete="username" autocapitalize="none" spellcheck="false"
                   required="" aria-describedby="login-username-hint" value="{@username}">
              <xsl:if test="not(normalize-space(@username))">
                <xsl:attribute name="autofocus"></xsl:attribute>
              </xsl:if>
              <xsl:if test="$failed">
                <xsl:attribute name="aria-invalid">true</xsl:attribute>
              </xsl:if>
            </input>
          </div>

          <div class="field">
            <xsl:if test="$failed">
              <xsl:attribute name="class">field field--error</xsl:attribute>
            </xsl:if>
            <label class="field__label" for="login-password">Password</label>
            <input class="input" id="login-password" name="password" type="password"
                   autocomplete="current-password" required="">
              <xsl:if test="normalize-space(@username)">
                <xsl:attribute name="autofocus"></xsl:attribute>
              </xsl:if>
              <xsl:if test="$failed">
                <xsl:attribute name="aria-invalid">true</xsl:attribute>
              </xsl:if>
            </input>
          </div>

          <input type="hidden" name="csrf" value="{@csrf}"/>
          <input type="hidden" name="return" value="{@return}"/>
          <xsl:if test="kept">
            <input type="hidden" name="kept" value="{kept}"/>
          </xsl:if>

          <div class="form__actions">
            <button type="submit" class="button button--primary button--block">Log in</button>
          </div>
        </form>
        <p class="login__forgot"><a href="{$base}/password/forgot">Forgot your password?</a></p>
      </section>

      <xsl:call-template name="contact">
        <xsl:with-param name="title" select="'Cannot log in? Contact the service desk'"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- "45 seconds", "1 minute", "15 minutes": how long to wait. -->
  <xsl:template name="wait-words">
    <xsl:param name="seconds"/>
    <xsl:choose>
      <xsl:when test="not(number($seconds) &gt; 0)">a few minutes</xsl:when>
      <xsl:when test="$seconds &lt; 60">
        <xsl:value-of select="$seconds"/>
        <xsl:text> second</xsl:text>
        <xsl:if test="$seconds != 1">s</xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="minutes" select="ceiling($seconds div 60)"/>
        <xsl:value-of select="$minutes"/>
        <xsl:text> minute</xsl:text>
        <xsl:if test="$minutes != 1">s</xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
