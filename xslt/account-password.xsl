<?xml version="1.0" encoding="UTF-8"?>
<!--
  account-password.xsl - a person changes their password
  (GET/POST /helpdesk/account/password): current password, new password
  twice.  The directory's password policy decides; its refusal comes back
  as an error beside the field, in plain words.  The fields are always
  empty: no password is ever sent back.
  Input: /helpdesk/account-password (@action, @csrf, @account: the
  account page, @must-change: "true" when the person logged in with a
  temporary password and must choose their own before anything else:
  then the page says so, and offers no way elsewhere but Log out) holding,
  after a refused POST, errors/error (@field: current, new or again,
  @message).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:variable name="form" select="/helpdesk/account-password"/>
  <xsl:variable name="must" select="$form/@must-change = 'true'"/>
  <xsl:variable name="errors" select="$form/errors/error"/>
  <xsl:variable name="p" select="'pw-'"/>
  <!-- Part of the account section; while a temporary password must be
       replaced, no navigation at all. -->
  <xsl:variable name="nav-current" select="'account'"/>
  <xsl:variable name="primary-nav" select="not($must)"/>

  <xsl:template match="/helpdesk" mode="title">
    <xsl:if test="$errors">Error: </xsl:if>
    <xsl:choose>
      <xsl:when test="$must">Choose your own password</xsl:when>
      <xsl:otherwise>Change your password</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="main-class">main--narrow</xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <div class="page-header">
      <h1 class="page-title">
        <xsl:choose>
          <xsl:when test="$must">Choose your own password</xsl:when>
          <xsl:otherwise>Change your password</xsl:otherwise>
        </xsl:choose>
      </h1>
    </div>
    <xsl:call-template name="error-summary">
      <xsl:with-param name="errors" select="$errors"/>
      <xsl:with-param name="prefix" select="$p"/>
      <xsl:with-param name="fields" select="' current new again '"/>
      <xsl:with-param name="fallback" select="'password-form'"/>
    </xsl:call-template>
    <xsl:apply-templates select="account-password"/>
  </xsl:template>

  <xsl:template match="account-password">
    <xsl:if test="$must">
      <div class="notice" role="note">
        <p class="notice__text">You logged in with a temporary password; choose your own to continue.</p>
      </div>
    </xsl:if>
    <form class="form" id="password-form" method="post" action="{@action}">
      <input type="hidden" name="csrf" value="{@csrf}"/>
      <!-- For password managers: whose password this is. -->
      <input type="hidden" autocomplete="username" value="{$user/@login}"/>
      <xsl:call-template name="password-field">
        <xsl:with-param name="field" select="'current'"/>
        <xsl:with-param name="label">
          <xsl:choose>
            <xsl:when test="$must">Temporary password</xsl:when>
            <xsl:otherwise>Current password</xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="autocomplete" select="'current-password'"/>
      </xsl:call-template>
      <xsl:call-template name="password-field">
        <xsl:with-param name="field" select="'new'"/>
        <xsl:with-param name="label" select="'New password'"/>
        <xsl:with-param name="hint" select="'Length counts most: a few unrelated words make a password that is long and easy to remember.'"/>
        <xsl:with-param name="autocomplete" select="'new-password'"/>
      </xsl:call-template>
      <xsl:call-template name="password-field">
        <xsl:with-param name="field" select="'again'"/>
        <xsl:with-param name="label" select="'New password again'"/>
        <xsl:with-param name="autocomplete" select="'new-password'"/>
      </xsl:call-template>
      <div class="form__actions">
        <button type="submit" class="button button--primary">Change password</button>
        <xsl:if test="not($must)">
          <a class="button button--secondary" href="{@account}">Cancel</a>
        </xsl:if>
      </div>
    </form>
  </xsl:template>

  <!-- One password field: label, hint, error, an always empty input. -->
  <xsl:template name="password-field">
    <xsl:param name="field"/>
    <xsl:param name="label"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="autocomplete"/>
    <div>
      <xsl:attribute name="class">
        <xsl:text>field</xsl:text>
        <xsl:if test="$errors[@field = $field]"> field--error</xsl:if>
      </xsl:attribute>
      <label class="field__label" for="{$p}{$field}"><xsl:value-of select="$label"/></label>
      <xsl:if test="$hint != ''">
        <p class="field__hint" id="{$p}{$field}-hint"><xsl:value-of select="$hint"/></p>
      </xsl:if>
      <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="$field"/></xsl:call-template>
      <input class="input" id="{$p}{$field}" name="{$field}" type="password" required="" autocomplete="{$autocomplete}">
        <xsl:call-template name="described-by">
          <xsl:with-param name="errors" select="$errors"/>
          <xsl:with-param name="prefix" select="$p"/>
          <xsl:with-param name="field" select="$field"/>
          <xsl:with-param name="hint">
            <xsl:if test="$hint != ''"><xsl:value-of select="concat($p, $field, '-hint')"/></xsl:if>
          </xsl:with-param>
        </xsl:call-template>
      </input>
    </div>
  </xsl:template>

</xsl:stylesheet>
