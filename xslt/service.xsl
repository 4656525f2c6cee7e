<?xml version="1.0" encoding="UTF-8"?>
<!--
  service.xsl - one service's page (GET /helpdesk/services/CODE): its light
  now, subscribing to its updates, the 90-day uptime bar, its incidents
  with their updates ("I am affected too"), its maintenance windows and,
  for agents, the form that changes its light.  See layout.xsl for the
  layout contract.

  Input: /helpdesk/service (the attributes of a service, see services.xsl,
  and its open <incident> and <maintenance>) with
    subscription  @subscribed @action @csrf
    uptime        @days @percent; day @date @state @amber-minutes
                  @red-minutes @maintenance-minutes, oldest first
    incidents     incident @id @title @status @impact @started @resolved
                  @href @affected @affected-by-me @affected-action
                  @affected-csrf; update @id @status @light @body @author
                  @created, newest first
    maintenances  maintenance @id @title @body @starts @ends @state
    status-form   @action @csrf @title @title-value @message-value; light
                  and incident-status choices (@value @label @selected);
                  error @field @message (agents only)

  The head and the header link the service's Atom feed and the
  maintenance calendar (page_feeds.c).

  Field ids of the status form are "s-" + the field name (the first radio
  of a group is "s-light", "s-status"), so the error summary links to
  "#s-" + @field; an error about no field links to the form.

  Phone: one column, in document order (now, subscribe, the agents' form,
  uptime, incidents, maintenance).  From 60em the subscription and the
  agents' form sit in a column on the right.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>
  <!-- One service is part of Service Updates in the navigation. -->
  <xsl:variable name="nav-current" select="'services'"/>
  <xsl:include href="service-lights.xsl"/>

  <xsl:variable name="s" select="/helpdesk/service"/>
  <xsl:variable name="form" select="$s/status-form"/>
  <xsl:variable name="errors" select="$form/error | $form/errors/error"/>
  <xsl:variable name="p" select="'s-'"/>
  <xsl:variable name="fields" select="' light status title message '"/>

  <xsl:variable name="service-name">
    <xsl:choose>
      <xsl:when test="normalize-space($s/@name)"><xsl:value-of select="normalize-space($s/@name)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="normalize-space($s/@code)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="/helpdesk" mode="title">
    <xsl:if test="$errors">Error: </xsl:if>
    <xsl:value-of select="$service-name"/>
    <xsl:text> — Service Updates</xsl:text>
  </xsl:template>

  <!-- This service's feed, and the maintenance calendar (page_feeds.c). -->
  <xsl:variable name="feed-href" select="concat($base, '/api/services/', normalize-space($s/@code), '/feed.atom')"/>

  <xsl:template match="/helpdesk" mode="head">
    <xsl:if test="normalize-space($s/@code)">
      <link rel="alternate" type="application/atom+xml" title="{$service-name} — Service Updates" href="{$feed-href}"/>
    </xsl:if>
    <link rel="alternate" type="text/calendar" title="{$site} — Planned maintenance" href="{$base}/api/maintenance.ics"/>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <div class="page-header">
      <p class="breadcrumbs"><a href="{$base}/services">Service Updates</a></p>
      <h1 class="page-title"><xsl:value-of select="$service-name"/></h1>
      <xsl:if test="normalize-space($s/@description)">
        <p class="lead"><xsl:value-of select="$s/@description"/></p>
      </xsl:if>
      <xsl:if test="normalize-space($s/@code)">
        <p class="feed-links">
          <xsl:text>Subscribe: </xsl:text>
          <a href="{$feed-href}" type="application/atom+xml">Atom feed</a>
          <xsl:text> · </xsl:text>
          <a href="{$base}/api/maintenance.ics" type="text/calendar">Calendar (iCal)</a>
        </p>
      </xsl:if>
    </div>

    <xsl:call-template name="error-summary">
      <xsl:with-param name="errors" select="$errors"/>
      <xsl:with-param name="prefix" select="$p"/>
      <xsl:with-param name="fields" select="$fields"/>
      <xsl:with-param name="fallback" select="'status-form'"/>
    </xsl:call-template>

    <xsl:variable name="side" select="$s/subscription[normalize-space(@action)] | $form"/>
    <div>
      <xsl:attribute name="class">
        <xsl:text>svc-page</xsl:text>
        <xsl:if test="$side"> svc-page--side</xsl:if>
      </xsl:attribute>

      <xsl:apply-templates select="$s" mode="now"/>
      <xsl:if test="$side">
        <div class="svc-page__side">
          <xsl:apply-templates select="$s/subscription[normalize-space(@action)][1]"/>
          <xsl:apply-templates select="$form[1]"/>
        </div>
      </xsl:if>
      <xsl:apply-templates select="$s/uptime[1]"/>
      <xsl:apply-templates select="$s/incidents[1]"/>
      <xsl:apply-templates select="$s/maintenances[1]"/>
    </div>
  </xsl:template>

  <!-- ===== The light now ===== -->

  <xsl:template match="service" mode="now">
    <xsl:variable name="key">
      <xsl:call-template name="svc-light-key">
        <xsl:with-param name="light" select="@light"/>
        <xsl:with-param name="status" select="@status"/>
      </xsl:call-template>
    </xsl:variable>
    <section class="panel svc-now svc-now--{$key}" aria-labelledby="now-title">
      <div class="panel__header">
        <h2 class="panel__title" id="now-title">Status now</h2>
        <xsl:if test="@subscribed = 'true' or subscription/@subscribed = 'true'">
          <p class="svc-subscribed">Subscribed</p>
        </xsl:if>
      </div>
      <p class="svc-now__light">
        <xsl:call-template name="svc-light-badge">
          <xsl:with-param name="light" select="@light"/>
          <xsl:with-param name="status" select="@status"/>
          <xsl:with-param name="label" select="@label"/>
        </xsl:call-template>
        <xsl:if test="normalize-space(@since)">
          <span class="svc-now__since">
            <xsl:text> since </xsl:text>
            <xsl:call-template name="datetime"><xsl:with-param name="value" select="@since"/></xsl:call-template>
          </span>
        </xsl:if>
      </p>
      <xsl:if test="normalize-space(@note)">
        <p class="svc-now__note"><xsl:value-of select="@note"/></p>
      </xsl:if>
      <xsl:for-each select="incident[1]">
        <xsl:call-template name="svc-incident-line"/>
      </xsl:for-each>
      <xsl:for-each select="maintenance[1]">
        <xsl:call-template name="svc-maintenance-notice"/>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- ===== Subscribe / unsubscribe: one button, no script ===== -->

  <xsl:template match="subscription">
    <xsl:variable name="on" select="@subscribed = 'true'"/>
    <section class="panel svc-subscribe" id="subscribe" aria-labelledby="subscribe-title">
      <h2 class="panel__title" id="subscribe-title">Updates</h2>
      <p class="svc-subscribe__text">
        <xsl:choose>
          <xsl:when test="$on">You are subscribed: this service is on your Today page and you hear when it changes.</xsl:when>
          <xsl:otherwise>Subscribe to see this service on your Today page and hear when it changes.</xsl:otherwise>
        </xsl:choose>
      </p>
      <form class="svc-subscribe__form" method="post" action="{@action}">
        <input type="hidden" name="csrf" value="{@csrf}"/>
        <xsl:choose>
          <xsl:when test="$on">
            <input type="hidden" name="subscribed" value="0"/>
            <button type="submit" class="button button--secondary">Unsubscribe</button>
          </xsl:when>
          <xsl:otherwise>
            <input type="hidden" name="subscribed" value="1"/>
            <button type="submit" class="button button--primary">Subscribe to updates</button>
          </xsl:otherwise>
        </xsl:choose>
      </form>
    </section>
  </xsl:template>

  <!-- ===== The agents' form: change the light with a message ===== -->

  <xsl:template match="status-form">
    <section class="panel svc-update" id="update-service" aria-labelledby="update-title">
      <h2 class="panel__title" id="update-title">Update the service</h2>
      <form class="form" id="status-form" method="post" action="{@action}">
        <input type="hidden" name="csrf" value="{@csrf}"/>

        <xsl:call-template name="radio-group">
          <xsl:with-param name="field" select="'light'"/>
          <xsl:with-param name="legend" select="'Light'"/>
          <xsl:with-param name="hint" select="'Online ends an open incident; Impacted or Offline starts one or adds to it.'"/>
          <xsl:with-param name="choices" select="light"/>
        </xsl:call-template>

        <xsl:if test="incident-status">
          <xsl:call-template name="radio-group">
            <xsl:with-param name="field" select="'status'"/>
            <xsl:with-param name="legend" select="'Incident status'"/>
            <xsl:with-param name="hint" select="'How far the service desk has got, while the light is Impacted or Offline.'"/>
            <xsl:with-param name="choices" select="incident-status"/>
          </xsl:call-template>
        </xsl:if>

        <div>
          <xsl:call-template name="field-class"><xsl:with-param name="field" select="'title'"/></xsl:call-template>
          <label class="field__label" for="s-title">Incident title</label>
          <p class="field__hint" id="s-title-hint">A short name for the incident, used when one starts.</p>
          <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="'title'"/></xsl:call-template>
          <input class="input" id="s-title" name="title" type="text" autocomplete="off">
            <xsl:attribute name="value">
              <xsl:choose>
                <xsl:when test="@title-value"><xsl:value-of select="@title-value"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="@title"/></xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
            <xsl:call-template name="described-by">
              <xsl:with-param name="errors" select="$errors"/>
              <xsl:with-param name="prefix" select="$p"/>
              <xsl:with-param name="field" select="'title'"/>
              <xsl:with-param name="hint" select="'s-title-hint'"/>
            </xsl:call-template>
          </input>
        </div>

        <div>
          <xsl:call-template name="field-class"><xsl:with-param name="field" select="'message'"/></xsl:call-template>
          <label class="field__label" for="s-message">Message</label>
          <p class="field__hint" id="s-message-hint">What people should know: what is affected and what to do meanwhile. It is shown with the light and sent to subscribers.</p>
          <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="'message'"/></xsl:call-template>
          <textarea class="input textarea" id="s-message" name="message" rows="5" required="">
            <xsl:call-template name="described-by">
              <xsl:with-param name="errors" select="$errors"/>
              <xsl:with-param name="prefix" select="$p"/>
              <xsl:with-param name="field" select="'message'"/>
              <xsl:with-param name="hint" select="'s-message-hint'"/>
            </xsl:call-template>
            <xsl:text>&#10;</xsl:text>
            <xsl:value-of select="@message-value"/>
          </textarea>
        </div>

        <div class="form__actions">
          <button type="submit" class="button button--primary">Update the service</button>
        </div>
      </form>
    </section>
  </xsl:template>

  <!-- A fieldset of radios named $field; the first is "s-$field", the
       others "s-$field-VALUE".  The light choices show the light's icon
       with its word. -->
  <xsl:template name="radio-group">
    <xsl:param name="field"/>
    <xsl:param name="legend"/>
    <xsl:param name="hint"/>
    <xsl:param name="choices"/>
    <div>
      <xsl:call-template name="field-class"><xsl:with-param name="field" select="$field"/></xsl:call-template>
      <fieldset class="fieldset">
        <xsl:call-template name="described-by">
          <xsl:with-param name="errors" select="$errors"/>
          <xsl:with-param name="prefix" select="$p"/>
          <xsl:with-param name="field" select="$field"/>
          <xsl:with-param name="hint" select="concat($p, $field, '-hint')"/>
          <xsl:with-param name="invalid" select="false()"/>
        </xsl:call-template>
        <legend class="fieldset__legend"><xsl:value-of select="$legend"/></legend>
        <p class="field__hint" id="{$p}{$field}-hint"><xsl:value-of select="$hint"/></p>
        <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="$field"/></xsl:call-template>
        <div class="choices svc-choices">
          <xsl:for-each select="$choices">
            <xsl:variable name="id">
              <xsl:value-of select="concat($p, $field)"/>
              <xsl:if test="position() &gt; 1"><xsl:value-of select="concat('-', @value)"/></xsl:if>
            </xsl:variable>
            <div class="choice">
              <input class="choice__input" id="{$id}" name="{$field}" type="radio" value="{@value}">
                <xsl:if test="$field = 'light'">
                  <xsl:attribute name="required"/>
                </xsl:if>
                <xsl:if test="@selected = 'true'">
                  <xsl:attribute name="checked">checked</xsl:attribute>
                </xsl:if>
              </input>
              <label class="choice__label" for="{$id}">
                <xsl:choose>
                  <xsl:when test="$field = 'light'">
                    <span class="status status--{translate(@value, ' ', '')}">
                      <xsl:call-template name="svc-light-word">
                        <xsl:with-param name="light" select="@value"/>
                        <xsl:with-param name="label" select="@label"/>
                      </xsl:call-template>
                    </span>
                  </xsl:when>
                  <xsl:when test="normalize-space(@label)"><xsl:value-of select="@label"/></xsl:when>
                  <xsl:otherwise>
                    <xsl:call-template name="svc-incident-status">
                      <xsl:with-param name="status" select="@value"/>
                    </xsl:call-template>
                  </xsl:otherwise>
                </xsl:choose>
              </label>
            </div>
          </xsl:for-each>
        </div>
      </fieldset>
    </div>
  </xsl:template>

  <xsl:template name="field-class">
    <xsl:param name="field"/>
    <xsl:attribute name="class">
      <xsl:text>field</xsl:text>
      <xsl:if test="$errors[normalize-space(@field) = $field]"> field--error</xsl:if>
    </xsl:attribute>
  </xsl:template>

  <!-- ===== Uptime: the 90-day bar ===== -->

  <xsl:template match="uptime">
    <xsl:variable name="days">
      <xsl:choose>
        <xsl:when test="number(@days) &gt; 0"><xsl:value-of select="number(@days)"/></xsl:when>
        <xsl:when test="day"><xsl:value-of select="count(day)"/></xsl:when>
        <xsl:otherwise>90</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <section class="panel svc-uptime" id="uptime" aria-labelledby="uptime-title">
      <div class="panel__header">
        <h2 class="panel__title" id="uptime-title">Uptime</h2>
        <p class="svc-uptime__percent">
          <xsl:choose>
            <xsl:when test="normalize-space(@percent)">
              <strong><xsl:value-of select="@percent"/> %</strong>
              <xsl:text> uptime over </xsl:text>
              <xsl:value-of select="$days"/>
              <xsl:text> days</xsl:text>
            </xsl:when>
            <xsl:otherwise>No uptime figure yet</xsl:otherwise>
          </xsl:choose>
        </p>
      </div>
      <xsl:if test="day">
        <ol class="uptime-bar" aria-label="Each day, oldest first">
          <xsl:for-each select="day">
            <xsl:variable name="text">
              <xsl:call-template name="day-text"/>
            </xsl:variable>
            <xsl:variable name="state">
              <xsl:choose>
                <xsl:when test="@state = 'green' or @state = 'amber' or @state = 'red' or @state = 'maintenance'"><xsl:value-of select="@state"/></xsl:when>
                <xsl:otherwise>none</xsl:otherwise>
              </xsl:choose>
            </xsl:variable>
            <li class="uptime-bar__day uptime-bar__day--{$state}" title="{$text}">
              <span class="visually-hidden"><xsl:value-of select="$text"/></span>
            </li>
          </xsl:for-each>
        </ol>
        <p class="uptime-bar__ends" aria-hidden="true">
          <span><xsl:value-of select="count(day)"/> days ago</span>
          <span>Today</span>
        </p>
        <ul class="uptime-legend" aria-label="Key">
          <li class="uptime-legend__item"><span class="uptime-legend__swatch uptime-bar__day--green"/>Online</li>
          <li class="uptime-legend__item"><span class="uptime-legend__swatch uptime-bar__day--amber"/>Impacted</li>
          <li class="uptime-legend__item"><span class="uptime-legend__swatch uptime-bar__day--red"/>Offline</li>
          <li class="uptime-legend__item"><span class="uptime-legend__swatch uptime-bar__day--maintenance"/>Maintenance</li>
          <li class="uptime-legend__item"><span class="uptime-legend__swatch uptime-bar__day--none"/>No data</li>
        </ul>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- "2026-11-03: Offline 1 h 20 min, Impacted 35 min"; "2026-11-04: Online". -->
  <xsl:template name="day-text">
    <xsl:value-of select="@date"/>
    <xsl:text>: </xsl:text>
    <xsl:variable name="parts">
      <xsl:if test="number(@red-minutes) &gt; 0">
        <xsl:text>, Offline </xsl:text>
        <xsl:call-template name="svc-duration"><xsl:with-param name="minutes" select="@red-minutes"/></xsl:call-template>
      </xsl:if>
      <xsl:if test="number(@amber-minutes) &gt; 0">
        <xsl:text>, Impacted </xsl:text>
        <xsl:call-template name="svc-duration"><xsl:with-param name="minutes" select="@amber-minutes"/></xsl:call-template>
      </xsl:if>
      <xsl:if test="number(@maintenance-minutes) &gt; 0">
        <xsl:text>, Maintenance </xsl:text>
        <xsl:call-template name="svc-duration"><xsl:with-param name="minutes" select="@maintenance-minutes"/></xsl:call-template>
      </xsl:if>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="not(@state = 'green' or @state = 'amber' or @state = 'red' or @state = 'maintenance')">No data</xsl:when>
      <xsl:when test="string($parts) != ''"><xsl:value-of select="substring($parts, 3)"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="svc-light-word">
          <xsl:with-param name="light" select="@state"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== Incidents, newest first ===== -->

  <xsl:template match="incidents">
    <section class="panel svc-incidents" id="incidents" aria-labelledby="incidents-title">
      <h2 class="panel__title" id="incidents-title">Incidents</h2>
      <xsl:choose>
        <xsl:when test="incident">
          <xsl:apply-templates select="incident"/>
        </xsl:when>
        <xsl:otherwise>
          <p class="panel__empty">No incidents have been reported for this service.</p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="incidents/incident">
    <xsl:variable name="open" select="not(normalize-space(@resolved)) and not(@status = 'resolved')"/>
    <article id="incident-{@id}" aria-labelledby="incident-{@id}-title">
      <xsl:attribute name="class">
        <xsl:text>incident</xsl:text>
        <xsl:choose>
          <xsl:when test="$open"> incident--open</xsl:when>
          <xsl:otherwise> incident--resolved</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <h3 class="incident__title" id="incident-{@id}-title"><xsl:value-of select="@title"/></h3>
      <p class="incident__meta">
        <span class="incident__status incident__status--{translate(@status, ' ', '')}">
          <xsl:call-template name="svc-incident-status">
            <xsl:with-param name="status" select="@status"/>
          </xsl:call-template>
        </span>
        <xsl:if test="normalize-space(@impact)">
          <span class="incident__sep" aria-hidden="true"> · </span>
          <span class="incident__impact">
            <xsl:call-template name="svc-impact">
              <xsl:with-param name="impact" select="@impact"/>
            </xsl:call-template>
          </span>
        </xsl:if>
        <xsl:if test="normalize-space(@started)">
          <span class="incident__sep" aria-hidden="true"> · </span>
          <span class="incident__when">
            <xsl:text>Started </xsl:text>
            <xsl:call-template name="datetime"><xsl:with-param name="value" select="@started"/></xsl:call-template>
          </span>
        </xsl:if>
        <xsl:if test="normalize-space(@resolved)">
          <span class="incident__sep" aria-hidden="true"> · </span>
          <span class="incident__when">
            <xsl:text>Resolved </xsl:text>
            <xsl:call-template name="datetime"><xsl:with-param name="value" select="@resolved"/></xsl:call-template>
          </span>
        </xsl:if>
      </p>

      <xsl:if test="number(@affected) &gt; 0">
        <p class="incident__affected">
          <xsl:call-template name="svc-people"><xsl:with-param name="n" select="number(@affected)"/></xsl:call-template>
          <xsl:choose>
            <xsl:when test="$open"> affected so far</xsl:when>
            <xsl:when test="number(@affected) = 1"> was affected</xsl:when>
            <xsl:otherwise> were affected</xsl:otherwise>
          </xsl:choose>
        </p>
      </xsl:if>

      <xsl:if test="$open">
        <xsl:choose>
          <xsl:when test="@affected-by-me = 'true'">
            <p class="incident__me">You told us you are affected; you will hear when it is resolved.</p>
          </xsl:when>
          <xsl:when test="normalize-space(@affected-action) and normalize-space(@affected-csrf)">
            <form class="incident__affected-form" method="post" action="{@affected-action}">
              <input type="hidden" name="csrf" value="{@affected-csrf}"/>
              <p class="incident__affected-hint">Is this stopping your work too? Tell us instead of logging a ticket, and hear when it is resolved.</p>
              <button type="submit" class="button button--secondary">I am affected too</button>
            </form>
          </xsl:when>
        </xsl:choose>
      </xsl:if>

      <!-- The desk: tickets linked to the incident (closed with it), and
           a form to link another. -->
      <xsl:if test="linked">
        <div class="incident__linked">
          <p class="incident__linked-title"><strong>Linked tickets</strong> (closed with the incident when it is resolved):</p>
          <ul class="incident__linked-list">
            <xsl:for-each select="linked">
              <li>
                <a class="ticket-ref" href="{@href}"><xsl:value-of select="@ref"/></a>
                <xsl:text> </xsl:text>
                <xsl:value-of select="@summary"/>
                <xsl:text> (</xsl:text><xsl:value-of select="@status-name"/><xsl:text>)</xsl:text>
              </li>
            </xsl:for-each>
          </ul>
        </div>
      </xsl:if>
      <xsl:if test="$open and normalize-space(@link-action)">
        <form class="form incident__link-form" method="post" action="{@link-action}">
          <input type="hidden" name="csrf" value="{@link-csrf}"/>
          <div class="field">
            <label class="field__label" for="link-ticket-{@id}">Link a ticket about this incident</label>
            <input class="input input--medium" id="link-ticket-{@id}" name="ticket" type="text" required=""
                   placeholder="HD-1042" autocomplete="off" spellcheck="false"/>
          </div>
          <button type="submit" class="button button--secondary">Link the ticket</button>
        </form>
      </xsl:if>

      <xsl:if test="update">
        <ol class="incident__updates">
          <xsl:apply-templates select="update"/>
        </ol>
      </xsl:if>
    </article>
  </xsl:template>

  <xsl:template match="update">
    <li class="incident-update">
      <p class="incident-update__head">
        <strong class="incident-update__status">
          <xsl:call-template name="svc-incident-status">
            <xsl:with-param name="status" select="@status"/>
          </xsl:call-template>
        </strong>
        <xsl:if test="normalize-space(@light)">
          <xsl:text> </xsl:text>
          <xsl:call-template name="svc-light-badge">
            <xsl:with-param name="light" select="@light"/>
          </xsl:call-template>
        </xsl:if>
      </p>
      <xsl:if test="normalize-space(@body)">
        <p class="incident-update__body"><xsl:value-of select="@body"/></p>
      </xsl:if>
      <p class="incident-update__meta">
        <xsl:if test="normalize-space(@created)">
          <xsl:call-template name="datetime"><xsl:with-param name="value" select="@created"/></xsl:call-template>
        </xsl:if>
        <xsl:if test="normalize-space(@author)">
          <xsl:if test="normalize-space(@created)"><xsl:text>, </xsl:text></xsl:if>
          <xsl:text>by </xsl:text>
          <xsl:value-of select="@author"/>
        </xsl:if>
      </p>
    </li>
  </xsl:template>

  <!-- ===== Maintenance windows ===== -->

  <xsl:template match="maintenances">
    <section class="panel svc-maint" id="maintenance" aria-labelledby="maintenance-title">
      <h2 class="panel__title" id="maintenance-title">Planned maintenance</h2>
      <xsl:choose>
        <xsl:when test="maintenance">
          <ul class="svc-maint__list">
            <xsl:apply-templates select="maintenance"/>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="panel__empty">No maintenance is planned for this service.</p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="maintenances/maintenance">
    <xsl:variable name="state">
      <xsl:choose>
        <xsl:when test="@state = 'active' or @state = 'upcoming' or @state = 'past'"><xsl:value-of select="@state"/></xsl:when>
        <xsl:otherwise>upcoming</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <li class="svc-maint__item svc-maint__item--{$state}" id="maintenance-{@id}">
      <h3 class="svc-maint__title"><xsl:value-of select="@title"/></h3>
      <p class="svc-maint__when">
        <span class="svc-maint__state">
          <xsl:choose>
            <xsl:when test="$state = 'active'">In progress</xsl:when>
            <xsl:when test="$state = 'past'">Completed</xsl:when>
            <xsl:otherwise>Upcoming</xsl:otherwise>
          </xsl:choose>
        </span>
        <xsl:text> </xsl:text>
        <xsl:if test="normalize-space(@starts)">
          <xsl:call-template name="datetime"><xsl:with-param name="value" select="@starts"/></xsl:call-template>
        </xsl:if>
        <xsl:if test="normalize-space(@ends)">
          <xsl:text> to </xsl:text>
          <xsl:call-template name="datetime"><xsl:with-param name="value" select="@ends"/></xsl:call-template>
        </xsl:if>
      </p>
      <xsl:if test="normalize-space(@body)">
        <p class="svc-maint__body"><xsl:value-of select="@body"/></p>
      </xsl:if>
    </li>
  </xsl:template>

</xsl:stylesheet>
