<?xml version="1.0" encoding="UTF-8"?>
<!--
  services.xsl - Service Updates (GET /helpdesk/services): every service
  with its traffic light, the desk's message, since when, the open
  incident, the current or next maintenance window, the uptime over 90
  days and whether the user is subscribed.  See layout.xsl for the layout
  contract.

  Input: /helpdesk/services (@agent) with service children (@id @code
  @name @description @status @light @label @note @since @href @subscribed
  @uptime), each with an optional open <incident> and <maintenance>.

  The page's head and header link the feeds (page_feeds.c): Atom of every
  service's updates, and the maintenance windows as iCalendar.

  One card per service, in the module's order: one column on a phone,
  two or three on wider screens.  The banner above says how many are not
  online, worst first, in words.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="service-lights.xsl"/>

  <xsl:variable name="all" select="/helpdesk/services/service"/>

  <xsl:template match="/helpdesk" mode="title">Service Updates</xsl:template>

  <!-- The feeds, for readers and calendars that find them in the head. -->
  <xsl:template match="/helpdesk" mode="head">
    <link rel="alternate" type="application/atom+xml" title="{$site} — Service Updates" href="{$base}/api/feed.atom"/>
    <link rel="alternate" type="text/calendar" title="{$site} — Planned maintenance" href="{$base}/api/maintenance.ics"/>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <div class="page-header">
      <h1 class="page-title">Service Updates</h1>
      <p class="lead">
        <xsl:text>How each IT service is running right now. Open a service to see its history, or subscribe to hear when it changes.</xsl:text>
      </p>
      <xsl:if test="/helpdesk/services/@agent = 'true'">
        <p class="page-header__desk-note">As a service desk agent you change a service's light on its page.</p>
      </xsl:if>
      <p class="feed-links">
        <xsl:text>Subscribe: </xsl:text>
        <a href="{$base}/api/feed.atom" type="application/atom+xml">Atom feed</a>
        <xsl:text> · </xsl:text>
        <a href="{$base}/api/maintenance.ics" type="text/calendar">Calendar (iCal)</a>
      </p>
    </div>

    <xsl:choose>
      <xsl:when test="not($all)">
        <div class="empty-state">
          <p class="empty-state__title">No services are listed yet.</p>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="summary"/>
        <ul class="svc-grid">
          <xsl:apply-templates select="$all" mode="card"/>
        </ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== The banner: "1 service offline, 1 impacted, 1 in maintenance" ===== -->

  <xsl:template name="summary">
    <xsl:variable name="keys">
      <xsl:for-each select="$all">
        <xsl:text> </xsl:text>
        <xsl:call-template name="svc-light-key">
          <xsl:with-param name="light" select="@light"/>
          <xsl:with-param name="status" select="@status"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:text> </xsl:text>
    </xsl:variable>
    <xsl:variable name="n-red">
      <xsl:call-template name="count-word"><xsl:with-param name="in" select="$keys"/><xsl:with-param name="word" select="' red '"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="n-amber">
      <xsl:call-template name="count-word"><xsl:with-param name="in" select="$keys"/><xsl:with-param name="word" select="' amber '"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="n-maint">
      <xsl:call-template name="count-word"><xsl:with-param name="in" select="$keys"/><xsl:with-param name="word" select="' maintenance '"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="n-unknown">
      <xsl:call-template name="count-word"><xsl:with-param name="in" select="$keys"/><xsl:with-param name="word" select="' unknown '"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="n-green" select="count($all) - $n-red - $n-amber - $n-maint - $n-unknown"/>
    <xsl:variable name="worst">
      <xsl:choose>
        <xsl:when test="$n-red &gt; 0">red</xsl:when>
        <xsl:when test="$n-amber &gt; 0">amber</xsl:when>
        <xsl:when test="$n-unknown &gt; 0">unknown</xsl:when>
        <xsl:when test="$n-maint &gt; 0">maintenance</xsl:when>
        <xsl:otherwise>green</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>

    <div class="status-summary status-summary--{$worst} svc-summary">
      <p class="status-summary__text">
        <xsl:choose>
          <xsl:when test="$n-green = count($all)">All services are online</xsl:when>
          <xsl:otherwise>
            <!-- The noun goes with the first number only. -->
            <xsl:variable name="parts">
              <xsl:if test="$n-red &gt; 0">|<xsl:value-of select="$n-red"/>#offline</xsl:if>
              <xsl:if test="$n-amber &gt; 0">|<xsl:value-of select="$n-amber"/>#impacted</xsl:if>
              <xsl:if test="$n-maint &gt; 0">|<xsl:value-of select="$n-maint"/>#in maintenance</xsl:if>
              <xsl:if test="$n-unknown &gt; 0">|<xsl:value-of select="$n-unknown"/>#with unknown status</xsl:if>
            </xsl:variable>
            <xsl:call-template name="summary-parts">
              <xsl:with-param name="rest" select="substring($parts, 2)"/>
              <xsl:with-param name="first" select="true()"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </p>
      <p class="status-summary__count">
        <xsl:value-of select="$n-green"/>
        <xsl:text> of </xsl:text>
        <xsl:value-of select="count($all)"/>
        <xsl:text> services online</xsl:text>
      </p>
    </div>
  </xsl:template>

  <!-- How often " word " occurs in a space-separated list. -->
  <xsl:template name="count-word">
    <xsl:param name="in"/>
    <xsl:param name="word"/>
    <xsl:param name="n" select="0"/>
    <xsl:choose>
      <xsl:when test="contains($in, $word)">
        <xsl:call-template name="count-word">
          <xsl:with-param name="in" select="concat(' ', substring-after($in, $word))"/>
          <xsl:with-param name="word" select="$word"/>
          <xsl:with-param name="n" select="$n + 1"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "N#what|N#what…" → "N services what, N what". -->
  <xsl:template name="summary-parts">
    <xsl:param name="rest"/>
    <xsl:param name="first" select="false()"/>
    <xsl:variable name="part">
      <xsl:choose>
        <xsl:when test="contains($rest, '|')"><xsl:value-of select="substring-before($rest, '|')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$rest"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="n" select="substring-before($part, '#')"/>
    <xsl:if test="not($first)">, </xsl:if>
    <xsl:value-of select="$n"/>
    <xsl:if test="$first">
      <xsl:text> service</xsl:text>
      <xsl:if test="number($n) != 1">s</xsl:if>
    </xsl:if>
    <xsl:text> </xsl:text>
    <xsl:value-of select="substring-after($part, '#')"/>
    <xsl:if test="contains($rest, '|')">
      <xsl:call-template name="summary-parts">
        <xsl:with-param name="rest" select="substring-after($rest, '|')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ===== One service ===== -->

  <xsl:template match="service" mode="card">
    <xsl:variable name="key">
      <xsl:call-template name="svc-light-key">
        <xsl:with-param name="light" select="@light"/>
        <xsl:with-param name="status" select="@status"/>
      </xsl:call-template>
    </xsl:variable>
    <li class="svc-card svc-card--{$key}">
      <div class="svc-card__head">
        <h2 class="svc-card__name">
          <xsl:variable name="name">
            <xsl:choose>
              <xsl:when test="normalize-space(@name)"><xsl:value-of select="@name"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="@code"/></xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <xsl:choose>
            <xsl:when test="normalize-space(@href)">
              <a class="svc-card__link" href="{@href}"><xsl:value-of select="$name"/></a>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="$name"/></xsl:otherwise>
          </xsl:choose>
        </h2>
        <p class="svc-card__light">
          <xsl:call-template name="svc-light-badge">
            <xsl:with-param name="light" select="@light"/>
            <xsl:with-param name="status" select="@status"/>
            <xsl:with-param name="label" select="@label"/>
          </xsl:call-template>
        </p>
      </div>

      <xsl:if test="normalize-space(@description)">
        <p class="svc-card__description"><xsl:value-of select="@description"/></p>
      </xsl:if>
      <xsl:if test="normalize-space(@note)">
        <p class="svc-card__note"><xsl:value-of select="@note"/></p>
      </xsl:if>
      <xsl:for-each select="incident[1]">
        <xsl:call-template name="svc-incident-line"/>
      </xsl:for-each>
      <xsl:for-each select="maintenance[1]">
        <xsl:call-template name="svc-maintenance-notice"/>
      </xsl:for-each>

      <ul class="svc-card__facts">
        <xsl:if test="normalize-space(@since) and $key != 'maintenance'">
          <li class="svc-card__since">
            <xsl:text>Since </xsl:text>
            <xsl:call-template name="datetime"><xsl:with-param name="value" select="@since"/></xsl:call-template>
          </li>
        </xsl:if>
        <xsl:if test="normalize-space(@uptime)">
          <li class="svc-card__uptime">
            <xsl:value-of select="@uptime"/>
            <xsl:text> % uptime (90 days)</xsl:text>
          </li>
        </xsl:if>
        <xsl:if test="@subscribed = 'true'">
          <li class="svc-subscribed">Subscribed</li>
        </xsl:if>
      </ul>
      <xsl:call-template name="svc-subscription-form">
        <xsl:with-param name="back" select="'services'"/>
      </xsl:call-template>
    </li>
  </xsl:template>

</xsl:stylesheet>
