<?xml version="1.0" encoding="UTF-8"?>
<!--
  desk.xsl - the service desk's console (GET /helpdesk/desk, agents only):
  queues with live counts, each opening as a ticket list.
  Input: /helpdesk/desk with queues/queue, teams/queue, statuses/queue, each
  @key @label @count @href.  Below them, "Manage": the desk's news, FAQ
  and planned maintenance pages (desk-news.xsl, desk-faq.xsl,
  desk-maintenance.xsl).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:template match="/helpdesk" mode="title">Service desk</xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <h1 class="page-title">Service desk</h1>
    <p class="lead">Open and pending tickets, by queue. Each opens as a list you can filter, search and sort.</p>
    <div class="desk-queues">
      <xsl:call-template name="queue-panel">
        <xsl:with-param name="title" select="'Queues'"/>
        <xsl:with-param name="id" select="'queues'"/>
        <xsl:with-param name="rows" select="desk/queues/queue"/>
      </xsl:call-template>
      <xsl:call-template name="queue-panel">
        <xsl:with-param name="title" select="'By team'"/>
        <xsl:with-param name="id" select="'teams'"/>
        <xsl:with-param name="rows" select="desk/teams/queue"/>
      </xsl:call-template>
      <xsl:call-template name="queue-panel">
        <xsl:with-param name="title" select="'By status'"/>
        <xsl:with-param name="id" select="'statuses'"/>
        <xsl:with-param name="rows" select="desk/statuses/queue"/>
      </xsl:call-template>
    </div>
    <section class="panel desk-manage" id="desk-manage" aria-labelledby="desk-manage-title">
      <h2 class="panel__title" id="desk-manage-title">Manage</h2>
      <ul class="desk-manage__list">
        <li><a href="{$base}/desk/news">News</a> <span class="muted">— what everyone reads on Today</span></li>
        <li><a href="{$base}/desk/faq">Frequently asked questions</a></li>
        <li><a href="{$base}/desk/maintenance">Planned maintenance</a></li>
        <li><a href="{$base}/desk/mail">Undelivered mail</a> <span class="muted">— messages the mail server has not taken</span></li>
        <li><a href="{$base}/account/notifications">Mail you get</a> <span class="muted">— and the teams whose new tickets you hear of</span></li>
      </ul>
    </section>
  </xsl:template>

  <xsl:template name="queue-panel">
    <xsl:param name="title"/>
    <xsl:param name="id"/>
    <xsl:param name="rows"/>
    <section class="panel desk-queue" id="desk-{$id}" aria-labelledby="desk-{$id}-title">
      <h2 class="panel__title" id="desk-{$id}-title"><xsl:value-of select="$title"/></h2>
      <ul class="desk-queue__list">
        <xsl:for-each select="$rows">
          <li class="desk-queue__item">
            <a class="desk-queue__link" href="{@href}">
              <span class="desk-queue__label"><xsl:value-of select="@label"/></span>
              <xsl:text> </xsl:text>
              <span class="desk-queue__count badge"><xsl:value-of select="@count"/></span>
            </a>
            <xsl:if test="@rating">
              <span class="desk-queue__rating">
                <xsl:text> rated </xsl:text><xsl:value-of select="@rating"/><xsl:text> / 5 (</xsl:text>
                <xsl:value-of select="@ratings"/><xsl:text> answers)</xsl:text>
              </span>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

</xsl:stylesheet>
