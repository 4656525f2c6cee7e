<?xml version="1.0" encoding="UTF-8"?>
<!--
  password-forgot.xsl - "Forgot your password?" (page_password.c), for
  people who cannot log in.  The form posts who (an e-mail address, user
  name or login) and csrf (bound to the hdforgot cookie); the answer is
  always a 303 back here with sent=true and the same neutral words,
  whether or not such an account exists or has an address.
  Input: /helpdesk/forgot @action @csrf @who @problem (none | blank |
  expired) @sent @valid-hours @login-href
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:template match="/helpdesk" mode="title">
    <xsl:if test="forgot/@problem = 'blank'">Error: </xsl:if>
    <xsl:text>Forgot your password?</xsl:text>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="main-class">main--narrow</xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:apply-templates select="forgot"/>
  </xsl:template>

  <xsl:template match="forgot">
    <xsl:variable name="blank" select="@problem = 'blank'"/>
    <div class="login">
      <xsl:if test="$blank or @problem = 'expired'">
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
          <h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>
          <p class="error-summary__body">
            <xsl:choose>
              <xsl:when test="$blank">
                <a href="#forgot-who">Enter your e-mail address, user name or login.</a>
              </xsl:when>
              <xsl:otherwise>This form has expired, or came from another site. Send it again with the form below.</xsl:otherwise>
            </xsl:choose>
          </p>
        </div>
      </xsl:if>

      <xsl:if test="@sent = 'true'">
        <div class="notice notice--success" role="status">
          <p class="notice__text">
            <xsl:text>If what you gave belongs to an account with an e-mail address, a temporary password is on its way to that address. It works for </xsl:text>
            <xsl:value-of select="@valid-hours"/>
            <xsl:text> hour</xsl:text>
            <xsl:if test="@valid-hours != 1">s</xsl:if>
            <xsl:text>; when you log in with it you choose your own password. No mail within a few minutes? Look in your junk mail, then contact the service desk.</xsl:text>
          </p>
        </div>
      </xsl:if>

      <section class="panel login__panel" aria-labelledby="forgot-title">
        <h1 class="page-title login__title" id="forgot-title">Forgot your password?</h1>
        <p class="login__intro">We send a temporary password to the e-mail address the staff directory holds for you.</p>

        <form class="form" method="post" action="{@action}">
          <div class="field">
            <xsl:if test="$blank">
              <xsl:attribute name="class">field field--error</xsl:attribute>
            </xsl:if>
            <label class="field__label" for="forgot-who">E-mail address, user name or login</label>
            <xsl:if test="$blank">
              <p class="field__error" id="forgot-who-error">
                <span class="visually-hidden">Error: </span>Enter your e-mail address, user name or login.
              </p>
            </xsl:if>
            <input class="input" id="forgot-who" name="who" type="text"
                   autocomplete="username" autocapitalize="none" spellcheck="false"
                   required="" autofocus="" value="{@who}">
              <xsl:if test="$blank">
                <xsl:attribute name="aria-invalid">true</xsl:attribute>
                <xsl:attribute name="aria-describedby">forgot-who-error</xsl:attribute>
              </xsl:if>
            </input>
          </div>
          <input type="hidden" name="csrf" value="{@csrf}"/>
          <div class="form__actions">
            <button type="submit" class="button button--primary button--block">Send me a temporary password</button>
          </div>
        </form>
        <p class="login__intro"><a href="{@login-href}">Back to the login</a></p>
      </section>

      <xsl:call-template name="contact">
        <xsl:with-param name="title" select="'No mail? Contact the service desk'"/>
      </xsl:call-template>
    </div>
  </xsl:template>

</xsl:stylesheet>
