<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail/password.xsl - a temporary password (hd_password.c): asked for on
  "Forgot your password?", or sent by the person's supervisor.  The
  outbox blanks the body of this mail once it is sent (topic 'password').
  Not a notification anyone can turn off, so no "choose which mail you
  get" line.
  Input (besides common.xsl's): /mail password @login @temporary
    @expires (YYYY-MM-DD hh:mm:ss) @requested-by (login, "" for the person
    themselves) @requested-by-name @login-href (the login page, below @portal)
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="common.xsl"/>

  <xsl:variable name="pw" select="/mail/password"/>
  <!-- "2026-12-03 09:15:00" -> "2026-12-03 09:15" -->
  <xsl:variable name="expires" select="substring($pw/@expires, 1, 16)"/>

  <xsl:template match="mail" mode="subject">
    <xsl:value-of select="concat('Your temporary password for ', $site)"/>
  </xsl:template>

  <xsl:template match="mail" mode="why-text">
    <xsl:value-of select="concat('You get this mail because a new password was asked for your login.', $nl)"/>
  </xsl:template>

  <xsl:template match="mail" mode="why-html">
    <br/>You get this mail because a new password was asked for your login.
  </xsl:template>

  <xsl:template match="mail" mode="who-asked-text">
    <xsl:choose>
      <xsl:when test="normalize-space($pw/@requested-by) != ''">
        <xsl:value-of select="concat('Your supervisor ', $pw/@requested-by-name, ' (', $pw/@requested-by, ') asked for a new password for your login ', $pw/@login, '.')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('A new password was asked for your login ', $pw/@login, ' on &quot;Forgot your password?&quot;.')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="mail" mode="text">
    <xsl:apply-templates select="." mode="who-asked-text"/>
    <xsl:value-of select="concat($nl, $nl, 'Your temporary password: ', $pw/@temporary, $nl, $nl)"/>
    <xsl:value-of select="concat('It works until ', $expires, '. Log in with it at ', @portal, $pw/@login-href, $nl)"/>
    <xsl:value-of select="concat('and choose your own password straight away: the portal asks you to before anything else.', $nl, $nl)"/>
    <xsl:value-of select="concat('If you did not ask for this, call the service desk now: your old password no longer works.', $nl)"/>
  </xsl:template>

  <xsl:template match="mail" mode="html">
    <p><xsl:apply-templates select="." mode="who-asked-text"/></p>
    <p>Your temporary password:</p>
    <p style="font-family: Consolas, Menlo, monospace; font-size: 20px; letter-spacing: 2px; background: #f5f7fa; border-left: 3px solid #9fb3c8; padding: 8px 12px;"><xsl:value-of select="$pw/@temporary"/></p>
    <p>It works until <strong><xsl:value-of select="$expires"/></strong>. Log in with it and choose your own password straight away: the portal asks you to before anything else.</p>
    <xsl:call-template name="button">
      <xsl:with-param name="href" select="concat(@portal, $pw/@login-href)"/>
      <xsl:with-param name="label" select="'Log in'"/>
    </xsl:call-template>
    <p><strong>If you did not ask for this, call the service desk now</strong>: your old password no longer works.</p>
  </xsl:template>

</xsl:stylesheet>
