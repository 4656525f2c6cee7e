<?xml version="1.0" encoding="UTF-8"?>
<!--
  today.xsl - the Today page (GET /helpdesk/): what waits for the user,
  the way to a new ticket, the services they follow, their open tickets,
  news, common questions, and who they are.  See layout.xsl for the
  layout contract.

  Input: /helpdesk/today with
    waiting/ticket   @ref @href @summary @status @status-name @category
                     @updated: tickets waiting for the user's reply or
                     confirmation (the section is left out when none)
    services         @all-href @subscribed-count; service children (see
                     services.xsl) = the services the user subscribed to
    open/ticket      as waiting/ticket: the user's open tickets
    open/affected    @incident-id @title @service @href: incidents the
                     user said they are affected by
    news/item        @id @title @published, the body as text
    faq              @href; entry @id @question @category, the answer as
                     text

  In document order, which is the order on a phone: Waiting for you, New
  ticket, Service Updates, your open tickets, News, questions, and the
  user's details as one line.  From 60em a two-column grid keeps New
  ticket in the first row, beside what waits for the user (or beside the
  services when nothing waits).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="service-lights.xsl"/>

  <xsl:variable name="today" select="/helpdesk/today"/>

  <xsl:template match="/helpdesk" mode="title">Today</xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:variable name="name">
      <xsl:choose>
        <xsl:when test="normalize-space($user/@name)"><xsl:value-of select="normalize-space($user/@name)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="normalize-space($user/@login)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>

    <div class="page-header today-header">
      <h1 class="page-title">
        <xsl:text>Welcome</xsl:text>
        <xsl:if test="$name != ''">
          <xsl:text>, </xsl:text>
          <xsl:value-of select="$name"/>
        </xsl:if>
      </h1>
    </div>

    <div>
      <xsl:attribute name="class">
        <xsl:text>today</xsl:text>
        <xsl:if test="$today/waiting/ticket"> today--waiting</xsl:if>
      </xsl:attribute>
      <xsl:apply-templates select="$today/waiting[ticket][1]"/>
      <xsl:call-template name="new-ticket"/>
      <xsl:call-template name="service-updates"/>
      <xsl:call-template name="open-tickets"/>
      <xsl:apply-templates select="$today/news[item][1]"/>
      <xsl:apply-templates select="$today/faq[entry][1]"/>
      <xsl:apply-templates select="$user" mode="details-line"/>
    </div>
  </xsl:template>

  <!-- ===== 1. Waiting for you ===== -->

  <xsl:template match="waiting">
    <xsl:variable name="n" select="count(ticket)"/>
    <section class="panel today-waiting" id="waiting" aria-labelledby="waiting-title">
      <h2 class="panel__title" id="waiting-title">Waiting for you</h2>
      <p class="today-waiting__text">
        <xsl:text>The service desk needs your reply or confirmation on </xsl:text>
        <xsl:choose>
          <xsl:when test="$n = 1">this ticket.</xsl:when>
          <xsl:otherwise><xsl:value-of select="concat($n, ' tickets.')"/></xsl:otherwise>
        </xsl:choose>
      </p>
      <!-- Three at most, without their dates, so that New ticket stays on
           a phone's first screen; the rest are a link away. -->
      <ul class="today-tickets">
        <xsl:apply-templates select="ticket[position() &lt;= 3]" mode="item">
          <xsl:with-param name="compact" select="true()"/>
        </xsl:apply-templates>
      </ul>
      <xsl:if test="$n &gt; 3">
        <p class="today-more">
          <a href="{$base}/tickets"><xsl:value-of select="concat('And ', $n - 3, ' more in your tickets')"/></a>
        </p>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- One ticket in a compact list: reference (the link), summary, status,
       last update. -->
  <xsl:template match="ticket" mode="item">
    <xsl:param name="compact" select="false()"/>
    <li class="today-ticket today-ticket--{translate(@category, ' ', '')}">
      <a class="ticket-ref today-ticket__ref" href="{@href}"><xsl:value-of select="@ref"/></a>
      <xsl:text> </xsl:text>
      <span class="today-ticket__summary"><xsl:value-of select="@summary"/></span>
      <xsl:text> </xsl:text>
      <span class="today-ticket__status">
        <span class="visually-hidden">Status: </span>
        <xsl:call-template name="ticket-status-badge">
          <xsl:with-param name="name" select="@status-name"/>
          <xsl:with-param name="category" select="@category"/>
          <xsl:with-param name="code" select="@status"/>
        </xsl:call-template>
      </span>
      <xsl:if test="normalize-space(@updated) and not($compact)">
        <xsl:text> </xsl:text>
        <span class="today-ticket__updated">
          <xsl:text>Updated </xsl:text>
          <xsl:call-template name="datetime"><xsl:with-param name="value" select="@updated"/></xsl:call-template>
        </span>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- ===== 2. New ticket ===== -->

  <xsl:template name="new-ticket">
    <section class="panel today-new" id="new-ticket" aria-labelledby="new-ticket-title">
      <h2 class="panel__title" id="new-ticket-title">New ticket</h2>
      <p class="today-new__text">Something broken, or something you need? Tell the service desk and follow it here.</p>
      <p class="today-new__primary">
        <a class="button button--primary today-new__button" href="{$base}/tickets/new">Log a ticket</a>
      </p>
      <ul class="today-new__shortcuts">
        <li><a class="today-new__shortcut today-new__shortcut--incident" href="{$base}/tickets/new?kind=incident">Report an incident</a></li>
        <li><a class="today-new__shortcut today-new__shortcut--request" href="{$base}/tickets/new?kind=request">Make a request</a></li>
      </ul>
    </section>
  </xsl:template>

  <!-- ===== 3. Service Updates: the services the user follows ===== -->

  <xsl:template name="service-updates">
    <xsl:variable name="svc" select="$today/services"/>
    <xsl:variable name="list" select="$svc/service"/>
    <xsl:variable name="all-href">
      <xsl:choose>
        <xsl:when test="normalize-space($svc/@all-href)"><xsl:value-of select="$svc/@all-href"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="concat($base, '/services')"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <section class="panel today-services" id="service-updates" aria-labelledby="service-updates-title">
      <h2 class="panel__title" id="service-updates-title">Service Updates</h2>
      <xsl:choose>
        <xsl:when test="$list">
          <xsl:variable name="red" select="$list[@light = 'red' or (not(normalize-space(@light)) and @status = 'red')]"/>
          <xsl:variable name="amber" select="$list[@light = 'amber' or (not(normalize-space(@light)) and @status = 'amber')]"/>
          <xsl:variable name="maintenance" select="$list[@light = 'maintenance']"/>
          <xsl:variable name="green" select="$list[@light = 'green' or (not(normalize-space(@light)) and @status = 'green')]"/>
          <xsl:variable name="known" select="$red | $amber | $maintenance | $green"/>
          <ul class="service-list">
            <!-- Worst first; the module's order within each light. -->
            <xsl:apply-templates select="$red" mode="status-item"/>
            <xsl:apply-templates select="$amber" mode="status-item"/>
            <xsl:apply-templates select="$maintenance" mode="status-item"/>
            <xsl:apply-templates select="$list[count(. | $known) != count($known)]" mode="status-item"/>
            <xsl:apply-templates select="$green" mode="status-item"/>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="panel__empty">You do not follow any service yet. Subscribe to the services you use to see here how they are running.</p>
        </xsl:otherwise>
      </xsl:choose>
      <p class="today-more">
        <a href="{$all-href}">All services</a>
      </p>
    </section>
  </xsl:template>

  <xsl:template match="service" mode="status-item">
    <xsl:variable name="key">
      <xsl:call-template name="svc-light-key">
        <xsl:with-param name="light" select="@light"/>
        <xsl:with-param name="status" select="@status"/>
      </xsl:call-template>
    </xsl:variable>
    <li class="service service--{$key}">
      <div class="service__main">
        <h3 class="service__name">
          <xsl:variable name="name">
            <xsl:choose>
              <xsl:when test="normalize-space(@name)"><xsl:value-of select="@name"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="@code"/></xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <xsl:choose>
            <xsl:when test="normalize-space(@href)">
              <a href="{@href}"><xsl:value-of select="$name"/></a>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="$name"/></xsl:otherwise>
          </xsl:choose>
        </h3>
        <xsl:if test="normalize-space(@note)">
          <p class="service__note"><xsl:value-of select="@note"/></p>
        </xsl:if>
        <xsl:for-each select="incident[1]">
          <xsl:call-template name="svc-incident-line"/>
          <xsl:call-template name="affected-too"/>
        </xsl:for-each>
        <xsl:for-each select="maintenance[1]">
          <xsl:call-template name="svc-maintenance-notice"/>
        </xsl:for-each>
        <xsl:if test="normalize-space(@since) and ($key = 'red' or $key = 'amber')">
          <p class="service__updated">
            <xsl:text>Since </xsl:text>
            <xsl:call-template name="datetime"><xsl:with-param name="value" select="@since"/></xsl:call-template>
          </p>
        </xsl:if>
        <xsl:call-template name="svc-subscription-form">
          <xsl:with-param name="back" select="'today'"/>
        </xsl:call-template>
      </div>
      <p class="service__status">
        <xsl:call-template name="svc-light-badge">
          <xsl:with-param name="light" select="@light"/>
          <xsl:with-param name="status" select="@status"/>
          <xsl:with-param name="label" select="@label"/>
        </xsl:call-template>
      </p>
    </li>
  </xsl:template>

  <!-- An open incident on Today: join it rather than log a duplicate. -->
  <xsl:template name="affected-too">
    <xsl:choose>
      <xsl:when test="@affected-by-me = 'true'">
        <p class="service__affected muted">You told us you are affected; you will hear when it is resolved.</p>
      </xsl:when>
      <xsl:when test="normalize-space(@affected-action)">
        <form method="post" action="{@affected-action}" class="service__affected-form">
          <input type="hidden" name="csrf" value="{@affected-csrf}"/>
          <button type="submit" class="button button--secondary button--small">I am affected too</button>
        </form>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ===== 4. Your open tickets, and incidents you are affected by ===== -->

  <xsl:template name="open-tickets">
    <xsl:variable name="open" select="$today/open"/>
    <section class="panel today-open" id="tickets" aria-labelledby="your-tickets-title">
      <h2 class="panel__title" id="your-tickets-title">Your open tickets</h2>
      <xsl:choose>
        <xsl:when test="$open/ticket">
          <ul class="today-tickets">
            <xsl:apply-templates select="$open/ticket" mode="item"/>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="panel__empty">You have no open tickets.</p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$open/affected">
        <ul class="today-affected">
          <xsl:for-each select="$open/affected">
            <li class="today-affected__item">
              <strong class="today-affected__label">You are affected: </strong>
              <xsl:choose>
                <xsl:when test="normalize-space(@href)">
                  <a href="{@href}"><xsl:value-of select="@title"/></a>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="@title"/></xsl:otherwise>
              </xsl:choose>
              <xsl:if test="normalize-space(@service)">
                <span class="today-affected__service">
                  <xsl:text> (</xsl:text>
                  <xsl:value-of select="@service"/>
                  <xsl:text>)</xsl:text>
                </span>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <p class="today-more">
        <a href="{$base}/tickets">See your tickets</a>
      </p>
    </section>
  </xsl:template>

  <!-- ===== 5. News, newest first ===== -->

  <xsl:template match="news">
    <section class="panel today-news" id="news" aria-labelledby="news-title">
      <h2 class="panel__title" id="news-title">News</h2>
      <ul class="news-list">
        <xsl:for-each select="item">
          <xsl:sort select="@published" order="descending"/>
          <li class="news-item">
            <h3 class="news-item__title"><xsl:value-of select="@title"/></h3>
            <xsl:if test="normalize-space(@published)">
              <p class="news-item__date">
                <xsl:call-template name="datetime"><xsl:with-param name="value" select="@published"/></xsl:call-template>
              </p>
            </xsl:if>
            <xsl:if test="normalize-space(.)">
              <p class="news-item__body"><xsl:value-of select="."/></p>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- ===== 6. Common questions: each opens in place, no script ===== -->

  <xsl:template match="faq">
    <section class="panel today-faq" id="faq" aria-labelledby="faq-title">
      <h2 class="panel__title" id="faq-title">Common questions</h2>
      <div class="faq-list">
        <xsl:for-each select="entry">
          <details class="faq">
            <summary class="faq__question"><xsl:value-of select="@question"/></summary>
            <p class="faq__answer"><xsl:value-of select="."/></p>
          </details>
        </xsl:for-each>
      </div>
      <xsl:if test="normalize-space(@href)">
        <p class="today-more">
          <a href="{@href}">All questions</a>
        </p>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- ===== 7. Who you are: one line, last ===== -->

  <xsl:template match="user" mode="details-line">
    <section class="today-me" id="your-details" aria-labelledby="your-details-title">
      <h2 class="today-me__title" id="your-details-title">Your details</h2>
      <p class="today-me__line">
        <xsl:call-template name="me-item"><xsl:with-param name="value" select="@name"/></xsl:call-template>
        <xsl:call-template name="me-item"><xsl:with-param name="value" select="@organisation"/></xsl:call-template>
        <xsl:call-template name="me-item"><xsl:with-param name="value" select="@mail"/></xsl:call-template>
        <!-- The account page comes with issue 12; until then, where they
             are logged in. -->
        <a class="today-me__item" href="{$base}/sessions">Where you are logged in</a>
      </p>
    </section>
  </xsl:template>

  <!-- One item of the details line, then a separator (a dot to the eye, a
       comma to a screen reader); nothing when the value is empty. -->
  <xsl:template name="me-item">
    <xsl:param name="value"/>
    <xsl:if test="normalize-space($value)">
      <span class="today-me__item"><xsl:value-of select="$value"/></span>
      <span class="today-me__sep" aria-hidden="true"> · </span>
      <span class="visually-hidden">, </span>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
