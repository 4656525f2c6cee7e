<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail/refusal.xsl - the polite answer to a mail the help desk could not
  take (an unknown sender, a ticket they may not add to, a message too
  large or unreadable).  Sent marked "Auto-Submitted: auto-replied", and
  never to automatic mail.
  Input (besides common.xsl's): /mail original @subject, reason (text)
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="common.xsl"/>

  <xsl:template match="mail" mode="subject">
    <xsl:value-of select="concat('Not received: ', original/@subject)"/>
  </xsl:template>

  <xsl:template match="mail" mode="text">
    <xsl:value-of select="concat('Your message &quot;', original/@subject, '&quot; could not be taken by the help desk:', $nl, $nl)"/>
    <xsl:value-of select="concat(reason, $nl, $nl)"/>
    <xsl:value-of select="concat('Nothing was logged. You can log a ticket on the portal: ', @portal, '/tickets/new', $nl)"/>
  </xsl:template>

  <xsl:template match="mail" mode="html">
    <p>Your message “<xsl:value-of select="original/@subject"/>” could not be taken by the help desk:</p>
    <xsl:call-template name="html-text"><xsl:with-param name="text" select="reason"/></xsl:call-template>
    <p>Nothing was logged. You can log a ticket on the portal:</p>
    <xsl:call-template name="button">
      <xsl:with-param name="href" select="concat(@portal, '/tickets/new')"/>
      <xsl:with-param name="label" select="'Log a ticket'"/>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
