<?xml version="1.0" encoding="UTF-8"?>
<!--
  service-lights.xsl - what the Service Updates pages share (services.xsl,
  service.xsl, today.xsl include it; it is not a page of its own, so the
  module never renders a document with it).

  The traffic lights are never colour alone: each is the shaped icon of
  the status badge (layout's "status status-KEY" classes, helpdesk.css)
  AND a word.
    green       → Online        (circle)
    amber       → Impacted      (triangle)
    red         → Offline       (square)
    maintenance → Maintenance   (ring)
  The word is the module's service/@label when it sends one.

  Named templates:
    svc-light-key    (light, status)  green|amber|red|maintenance|unknown,
                     from what to show (@light), else the stored light
                     (@status); for class names.
    svc-light-word   (light, status, label)  the word shown.
    svc-light-badge  (light, status, label)  the badge: icon + word, with
                     "Status: " for screen readers.
    svc-incident-status  (status)  investigating → Investigating, …
    svc-impact       (impact)     minor → Minor impact, …
    svc-duration     (minutes)    "45 min", "1 h 20 min", "2 d 3 h".
    svc-people       (n)          "1 person", "12 people".
    svc-maintenance-notice  on a <maintenance> (context node): the
                     current or next window in one line.
    svc-incident-line  on an <incident> (context node): a link to the
                     open incident with its status.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template name="svc-light-key">
    <xsl:param name="light" select="''"/>
    <xsl:param name="status" select="''"/>
    <xsl:choose>
      <xsl:when test="$light = 'green' or $light = 'amber' or $light = 'red' or $light = 'maintenance'">
        <xsl:value-of select="$light"/>
      </xsl:when>
      <xsl:when test="$status = 'green' or $status = 'amber' or $status = 'red'">
        <xsl:value-of select="$status"/>
      </xsl:when>
      <xsl:otherwise>unknown</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="svc-light-word">
    <xsl:param name="light" select="''"/>
    <xsl:param name="status" select="''"/>
    <xsl:param name="label" select="''"/>
    <xsl:variable name="key">
      <xsl:call-template name="svc-light-key">
        <xsl:with-param name="light" select="$light"/>
        <xsl:with-param name="status" select="$status"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="normalize-space($label)"><xsl:value-of select="normalize-space($label)"/></xsl:when>
      <xsl:when test="$key = 'green'">Online</xsl:when>
      <xsl:when test="$key = 'amber'">Impacted</xsl:when>
      <xsl:when test="$key = 'red'">Offline</xsl:when>
      <xsl:when test="$key = 'maintenance'">Maintenance</xsl:when>
      <xsl:otherwise>Unknown</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="svc-light-badge">
    <xsl:param name="light" select="''"/>
    <xsl:param name="status" select="''"/>
    <xsl:param name="label" select="''"/>
    <xsl:variable name="key">
      <xsl:call-template name="svc-light-key">
        <xsl:with-param name="light" select="$light"/>
        <xsl:with-param name="status" select="$status"/>
      </xsl:call-template>
    </xsl:variable>
    <span class="status status--{$key}">
      <span class="visually-hidden">Status: </span>
      <xsl:call-template name="svc-light-word">
        <xsl:with-param name="light" select="$light"/>
        <xsl:with-param name="status" select="$status"/>
        <xsl:with-param name="label" select="$label"/>
      </xsl:call-template>
    </span>
  </xsl:template>

  <xsl:template name="svc-incident-status">
    <xsl:param name="status"/>
    <xsl:choose>
      <xsl:when test="$status = 'investigating'">Investigating</xsl:when>
      <xsl:when test="$status = 'identified'">Identified</xsl:when>
      <xsl:when test="$status = 'monitoring'">Monitoring</xsl:when>
      <xsl:when test="$status = 'resolved'">Resolved</xsl:when>
      <xsl:otherwise><xsl:value-of select="$status"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="svc-impact">
    <xsl:param name="impact"/>
    <xsl:choose>
      <xsl:when test="$impact = 'none'">No impact</xsl:when>
      <xsl:when test="$impact = 'minor'">Minor impact</xsl:when>
      <xsl:when test="$impact = 'major'">Major impact</xsl:when>
      <xsl:when test="$impact = 'critical'">Critical impact</xsl:when>
      <xsl:otherwise><xsl:value-of select="$impact"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="svc-duration">
    <xsl:param name="minutes"/>
    <xsl:variable name="m" select="round(number($minutes))"/>
    <xsl:variable name="d" select="floor($m div 1440)"/>
    <xsl:variable name="h" select="floor(($m mod 1440) div 60)"/>
    <xsl:variable name="min" select="$m mod 60"/>
    <xsl:choose>
      <xsl:when test="$d &gt; 0">
        <xsl:value-of select="concat($d, ' d')"/>
        <xsl:if test="$h &gt; 0"><xsl:value-of select="concat(' ', $h, ' h')"/></xsl:if>
      </xsl:when>
      <xsl:when test="$h &gt; 0">
        <xsl:value-of select="concat($h, ' h')"/>
        <xsl:if test="$min &gt; 0"><xsl:value-of select="concat(' ', $min, ' min')"/></xsl:if>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($min, ' min')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="svc-people">
    <xsl:param name="n"/>
    <xsl:value-of select="$n"/>
    <xsl:choose>
      <xsl:when test="number($n) = 1"> person</xsl:when>
      <xsl:otherwise> people</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Maintenance now: Mail server upgrade, until 24 Nov 2026, 23:00" or
       "Planned maintenance: …, 26 Nov 2026, 22:00 to 27 Nov 2026, 01:00". -->
  <xsl:template name="svc-maintenance-notice">
    <p class="svc-maintenance">
      <strong class="svc-maintenance__label">
        <xsl:choose>
          <xsl:when test="@state = 'active'">Maintenance now: </xsl:when>
          <xsl:otherwise>Planned maintenance: </xsl:otherwise>
        </xsl:choose>
      </strong>
      <xsl:value-of select="@title"/>
      <xsl:choose>
        <xsl:when test="@state = 'active' and normalize-space(@ends)">
          <xsl:text>, until </xsl:text>
          <xsl:call-template name="datetime"><xsl:with-param name="value" select="@ends"/></xsl:call-template>
        </xsl:when>
        <xsl:when test="normalize-space(@starts)">
          <xsl:text>, </xsl:text>
          <xsl:call-template name="datetime"><xsl:with-param name="value" select="@starts"/></xsl:call-template>
          <xsl:if test="normalize-space(@ends)">
            <xsl:text> to </xsl:text>
            <xsl:call-template name="datetime"><xsl:with-param name="value" select="@ends"/></xsl:call-template>
          </xsl:if>
        </xsl:when>
      </xsl:choose>
    </p>
  </xsl:template>

  <!-- "Incident: VPN gateway down (Investigating)" with the title a link. -->
  <!-- Subscribe or unsubscribe where the service is shown; back says
       where to return ("today", "services"). -->
  <xsl:template name="svc-subscription-form">
    <xsl:param name="back"/>
    <xsl:if test="normalize-space(@subscription-action)">
      <form class="svc-subscription" method="post" action="{@subscription-action}">
        <input type="hidden" name="csrf" value="{@subscription-csrf}"/>
        <input type="hidden" name="back" value="{$back}"/>
        <xsl:choose>
          <xsl:when test="@subscribed = 'true'">
            <input type="hidden" name="subscribed" value="0"/>
            <button type="submit" class="button button--link svc-subscription__button">
              <xsl:text>Unsubscribe</xsl:text>
              <span class="visually-hidden"> from <xsl:value-of select="@name"/></span>
            </button>
          </xsl:when>
          <xsl:otherwise>
            <input type="hidden" name="subscribed" value="1"/>
            <button type="submit" class="button button--link svc-subscription__button">
              <xsl:text>Subscribe</xsl:text>
              <span class="visually-hidden"> to <xsl:value-of select="@name"/></span>
            </button>
          </xsl:otherwise>
        </xsl:choose>
      </form>
    </xsl:if>
  </xsl:template>

  <xsl:template name="svc-incident-line">
    <p class="svc-incident">
      <strong class="svc-incident__label">Incident: </strong>
      <xsl:choose>
        <xsl:when test="normalize-space(@href)">
          <a class="svc-incident__link" href="{@href}"><xsl:value-of select="@title"/></a>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="@title"/></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="normalize-space(@status)">
        <xsl:text> (</xsl:text>
        <xsl:call-template name="svc-incident-status">
          <xsl:with-param name="status" select="@status"/>
        </xsl:call-template>
        <xsl:text>)</xsl:text>
      </xsl:if>
    </p>
  </xsl:template>

</xsl:stylesheet>
