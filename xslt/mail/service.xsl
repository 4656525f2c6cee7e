<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail/service.xsl - mail about a service someone follows: its light
  changed, an incident ended, maintenance was planned, began or ended.
  Input (besides common.xsl's): /mail @kind (status, incident_resolved,
  maintenance_scheduled, maintenance_started, maintenance_ended)
    service @code @name @status (green|amber|red) @at @href, note (text)
    incident @title, update (the desk's last message)
    maintenance @title @starts @ends, body
  recipient/@role: subscriber, or affected (said "me too", or their
  ticket was linked to the incident).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="common.xsl"/>

  <xsl:variable name="s" select="/mail/service"/>
  <xsl:variable name="k" select="/mail/@kind"/>

  <xsl:template name="light">
    <xsl:choose>
      <xsl:when test="$s/@status = 'green'">Online</xsl:when>
      <xsl:when test="$s/@status = 'amber'">Impacted</xsl:when>
      <xsl:otherwise>Offline</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="mail" mode="subject">
    <xsl:value-of select="concat($s/@name, ': ')"/>
    <xsl:choose>
      <xsl:when test="$k = 'incident_resolved'">resolved, back online</xsl:when>
      <xsl:when test="$k = 'maintenance_scheduled'">maintenance planned – <xsl:value-of select="maintenance/@title"/></xsl:when>
      <xsl:when test="$k = 'maintenance_started'">maintenance has begun</xsl:when>
      <xsl:when test="$k = 'maintenance_ended'">maintenance has ended</xsl:when>
      <xsl:otherwise><xsl:call-template name="light"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="mail" mode="intro">
    <xsl:choose>
      <xsl:when test="$k = 'incident_resolved' and recipient/@role = 'affected'">
        <xsl:value-of select="concat('The incident affecting you on ', $s/@name, ' is resolved.')"/>
      </xsl:when>
      <xsl:when test="$k = 'incident_resolved'">
        <xsl:value-of select="concat($s/@name, ' is back online: the incident is resolved.')"/>
      </xsl:when>
      <xsl:when test="$k = 'maintenance_scheduled'">
        <xsl:value-of select="concat('Maintenance of ', $s/@name, ' is planned from ', maintenance/@starts, ' to ', maintenance/@ends, '.')"/>
      </xsl:when>
      <xsl:when test="$k = 'maintenance_started'">
        <xsl:value-of select="concat('Planned maintenance of ', $s/@name, ' has begun; it is planned to end at ', maintenance/@ends, '.')"/>
      </xsl:when>
      <xsl:when test="$k = 'maintenance_ended'">
        <xsl:value-of select="concat('Planned maintenance of ', $s/@name, ' has ended.')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat($s/@name, ' is now ')"/>
        <xsl:call-template name="light"/>
        <xsl:text>.</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The desk's own words: the incident's last update, the light's note,
       or the maintenance's description. -->
  <xsl:variable name="words">
    <xsl:choose>
      <xsl:when test="starts-with($k, 'maintenance')"><xsl:value-of select="/mail/maintenance/body"/></xsl:when>
      <xsl:when test="normalize-space(/mail/incident/update) != ''"><xsl:value-of select="/mail/incident/update"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$s/note"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="mail" mode="text">
    <xsl:apply-templates select="." mode="intro"/>
    <xsl:value-of select="concat($nl, $nl)"/>
    <xsl:if test="normalize-space($words) != ''">
      <xsl:value-of select="concat($words, $nl, $nl)"/>
    </xsl:if>
    <xsl:value-of select="concat('Service status: ', $s/@href, $nl)"/>
    <xsl:value-of select="concat('You follow this service; choose which on Today: ', @portal, '/', $nl)"/>
  </xsl:template>

  <xsl:template match="mail" mode="html">
    <p><xsl:apply-templates select="." mode="intro"/></p>
    <xsl:if test="normalize-space($words) != ''">
      <xsl:call-template name="html-text"><xsl:with-param name="text" select="$words"/></xsl:call-template>
    </xsl:if>
    <xsl:call-template name="button">
      <xsl:with-param name="href" select="$s/@href"/>
      <xsl:with-param name="label" select="concat($s/@name, ' status')"/>
    </xsl:call-template>
    <p style="color: #52606d; font-size: 13px;">You follow this service; choose which on <a href="{@portal}/" style="color: #52606d;">Today</a>.</p>
  </xsl:template>

</xsl:stylesheet>
