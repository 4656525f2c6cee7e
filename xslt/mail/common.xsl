<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail/common.xsl - what every mail shares: the greeting, the signature,
  the HTML frame.  Imported by ticket.xsl, service.xsl, refusal.xsl and password.xsl;
  not a template of its own (hd_render_mail is only ever asked for those).

  The parameter part says what to make of the one <mail> document:
    subject  the Subject line (plain text; the module folds and encodes it)
    text     the text/plain body (plain text; line ends as written here)
    html     the text/html body (inline styles only: mail clients drop the
             rest; every value goes through XSLT, so it is escaped)
  Input: /mail @kind @topic @site @portal @contact-mail @contact-phone
    recipient @name @login @role
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:param name="part" select="'text'"/>

  <xsl:variable name="nl" select="'&#10;'"/>
  <xsl:variable name="site" select="/mail/@site"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$part = 'subject'"><xsl:apply-templates select="mail" mode="subject"/></xsl:when>
      <xsl:when test="$part = 'html'"><xsl:apply-templates select="mail" mode="html-page"/></xsl:when>
      <xsl:otherwise><xsl:apply-templates select="mail" mode="text-page"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="mail" mode="greeting">
    <xsl:text>Hello</xsl:text>
    <xsl:if test="normalize-space(recipient/@name) != ''">
      <xsl:text> </xsl:text><xsl:value-of select="recipient/@name"/>
    </xsl:if>
    <xsl:text>,</xsl:text>
  </xsl:template>

  <xsl:template match="mail" mode="text-page">
    <xsl:apply-templates select="." mode="greeting"/>
    <xsl:value-of select="concat($nl, $nl)"/>
    <xsl:apply-templates select="." mode="text"/>
    <xsl:value-of select="concat($nl, '-- ', $nl, $site, $nl)"/>
    <xsl:if test="@contact-phone or @contact-mail">
      <xsl:text>Service desk: </xsl:text>
      <xsl:value-of select="@contact-phone"/>
      <xsl:if test="@contact-phone and @contact-mail"> · </xsl:if>
      <xsl:value-of select="@contact-mail"/>
      <xsl:value-of select="$nl"/>
    </xsl:if>
    <xsl:apply-templates select="." mode="why-text"/>
  </xsl:template>

  <!-- Why the person gets this mail, and where to change it. -->
  <xsl:template match="mail" mode="why-text">
    <xsl:if test="recipient/@login != ''">
      <xsl:value-of select="concat('Choose which mail you get: ', @portal, '/account', $nl)"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="mail" mode="why-html">
    <xsl:if test="recipient/@login != ''">
      <br/><a href="{@portal}/account" style="color: #52606d;">Choose which mail you get</a>
    </xsl:if>
  </xsl:template>

  <xsl:template match="mail" mode="html-page">
    <html>
      <head>
        <meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>
        <title><xsl:apply-templates select="." mode="subject"/></title>
      </head>
      <body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.45; color: #1f2933; background: #ffffff; margin: 0; padding: 16px;">
        <div style="max-width: 640px;">
          <p><xsl:apply-templates select="." mode="greeting"/></p>
          <xsl:apply-templates select="." mode="html"/>
          <p style="margin-top: 24px; color: #52606d; font-size: 13px; border-top: 1px solid #d9e2ec; padding-top: 8px;">
            <xsl:value-of select="$site"/>
            <xsl:if test="@contact-phone or @contact-mail">
              <br/>Service desk: <xsl:value-of select="@contact-phone"/>
              <xsl:if test="@contact-phone and @contact-mail"> · </xsl:if>
              <xsl:value-of select="@contact-mail"/>
            </xsl:if>
            <xsl:apply-templates select="." mode="why-html"/>
          </p>
        </div>
      </body>
    </html>
  </xsl:template>

  <!-- Plain text as paragraphs: each line kept, nothing interpreted. -->
  <xsl:template name="html-text">
    <xsl:param name="text"/>
    <div style="white-space: pre-wrap; background: #f5f7fa; border-left: 3px solid #9fb3c8; padding: 8px 12px; margin: 8px 0;"><xsl:value-of select="$text"/></div>
  </xsl:template>

  <xsl:template name="button">
    <xsl:param name="href"/>
    <xsl:param name="label"/>
    <p><a href="{$href}" style="display: inline-block; background: #0b5cad; color: #ffffff; padding: 8px 14px; border-radius: 4px; text-decoration: none;"><xsl:value-of select="$label"/></a></p>
  </xsl:template>

</xsl:stylesheet>
