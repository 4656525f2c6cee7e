<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail/mail-change.xsl - a change of a person's e-mail address:
    @kind = 'mail-change'   to the NEW address: the link that confirms it
                            (the address changes only when it is followed,
                            within 24 hours, logged in as the person);
    @kind = 'mail-changed'  to the OLD address once it is done: what
                            happened, and whom to call if it was not them.
  Input (besides common.xsl's): /mail change @new, @confirm (the link,
  mail-change only), @old (mail-changed only)
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="common.xsl"/>

  <xsl:template match="mail" mode="subject">
    <xsl:choose>
      <xsl:when test="@kind = 'mail-changed'">Your e-mail address for the help desk was changed</xsl:when>
      <xsl:otherwise>Confirm your new e-mail address</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="mail[@kind = 'mail-changed']" mode="text">
    <xsl:value-of select="concat('The e-mail address of your help desk account was changed to ', change/@new, '.', $nl)"/>
    <xsl:value-of select="concat('Mail from the help desk goes there from now on; this is the last one to this address.', $nl, $nl)"/>
    <xsl:value-of select="concat('If you did not change it, call the service desk at once.', $nl)"/>
  </xsl:template>

  <xsl:template match="mail" mode="text">
    <xsl:value-of select="concat('You asked for ', change/@new, ' to be the e-mail address of your help desk account.', $nl, $nl)"/>
    <xsl:value-of select="concat('To confirm it, open this link (logged in to the portal) within 24 hours:', $nl)"/>
    <xsl:value-of select="concat(change/@confirm, $nl, $nl)"/>
    <xsl:value-of select="concat('Your address changes only when you follow the link. If you did not ask for this, ignore this mail.', $nl)"/>
  </xsl:template>

  <xsl:template match="mail[@kind = 'mail-changed']" mode="html">
    <p>The e-mail address of your help desk account was changed to <strong><xsl:value-of select="change/@new"/></strong>.</p>
    <p>Mail from the help desk goes there from now on; this is the last one to this address.</p>
    <p>If you did not change it, call the service desk at once.</p>
  </xsl:template>

  <xsl:template match="mail" mode="html">
    <p>You asked for <strong><xsl:value-of select="change/@new"/></strong> to be the e-mail address of your help desk account.</p>
    <p>To confirm it, open this link (logged in to the portal) within 24 hours:</p>
    <xsl:call-template name="button">
      <xsl:with-param name="href" select="change/@confirm"/>
      <xsl:with-param name="label" select="'Confirm my new address'"/>
    </xsl:call-template>
    <p style="font-size: 13px; color: #52606d;"><xsl:value-of select="change/@confirm"/></p>
    <p>Your address changes only when you follow the link. If you did not ask for this, ignore this mail.</p>
  </xsl:template>

</xsl:stylesheet>
