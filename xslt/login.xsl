<?xml version="1.0" encoding="UTF-8"?>
<!--
  login.xsl - the login page (form-based login handled by mod_auth_form:
  fields httpd_username, httpd_password, httpd_location).
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
    <xsl:variable name="failed" select="@failed = 'true'"/>

    <div class="login">
      <xsl:if test="$failed">
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
          <h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>
          <p class="error-summary__body">
            <a href="#login-username">The login or password is not right. Check them and try again.</a>
          </p>
        </div>
      </xsl:if>

      <xsl:if test="@loggedout = 'true' and not($failed)">
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
            <input class="input" id="login-username" name="httpd_username" type="text"
                   autocomplete="username" autocapitalize="none" spellcheck="false"
                   required="" autofocus="" aria-describedby="login-username-hint">
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
            <input class="input" id="login-password" name="httpd_password" type="password"
                   autocomplete="current-password" required="">
              <xsl:if test="$failed">
                <xsl:attribute name="aria-invalid">true</xsl:attribute>
              </xsl:if>
            </input>
          </div>

          <input type="hidden" name="httpd_location" value="{@return}"/>

          <div class="form__actions">
            <button type="submit" class="button button--primary button--block">Log in</button>
          </div>
        </form>
      </section>

      <xsl:call-template name="contact">
        <xsl:with-param name="title" select="'Cannot log in? Contact the service desk'"/>
      </xsl:call-template>
    </div>
  </xsl:template>

</xsl:stylesheet>
