<?xml version="1.0" encoding="UTF-8"?>
<!--
  today.xsl - the Today page: welcome, service status, the user's details
  and the way to their tickets.  See layout.xsl for the layout contract.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:template match="/helpdesk" mode="title">Today</xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:variable name="name">
      <xsl:choose>
        <xsl:when test="normalize-space($user/@name)"><xsl:value-of select="normalize-space($user/@name)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="normalize-space($user/@login)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>

    <div class="page-header">
      <h1 class="page-title">
        <xsl:text>Welcome</xsl:text>
        <xsl:if test="$name != ''">
          <xsl:text>, </xsl:text>
          <xsl:value-of select="$name"/>
        </xsl:if>
      </h1>
      <p class="lead">How IT services are running right now, and the details we hold about you.</p>
    </div>

    <div class="dashboard">
      <xsl:apply-templates select="today/services" mode="panel"/>
      <xsl:if test="not(today/services)">
        <xsl:call-template name="status-panel"/>
      </xsl:if>
      <xsl:apply-templates select="$user" mode="details-panel"/>
      <xsl:call-template name="tickets-panel"/>
    </div>
  </xsl:template>

  <!-- ===== Service status ===== -->

  <xsl:template match="services" mode="panel">
    <xsl:call-template name="status-panel">
      <xsl:with-param name="services" select="service"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="status-panel">
    <xsl:param name="services" select="/.."/>
    <xsl:variable name="down" select="count($services[@status = 'red'])"/>
    <xsl:variable name="impacted" select="count($services[@status = 'amber'])"/>
    <xsl:variable name="other" select="count($services[not(@status = 'red' or @status = 'amber' or @status = 'green')])"/>
    <xsl:variable name="worst">
      <xsl:choose>
        <xsl:when test="$down &gt; 0">red</xsl:when>
        <xsl:when test="$impacted &gt; 0">amber</xsl:when>
        <xsl:when test="$other &gt; 0">unknown</xsl:when>
        <xsl:otherwise>green</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>

    <section class="panel panel--status" aria-labelledby="service-status-title">
      <div class="panel__header">
        <h2 class="panel__title" id="service-status-title">Service status</h2>
        <xsl:for-each select="$services[normalize-space(@updated)]">
          <xsl:sort select="@updated" order="descending"/>
          <xsl:if test="position() = 1">
            <p class="panel__meta">
              <xsl:text>Latest update </xsl:text>
              <xsl:call-template name="datetime">
                <xsl:with-param name="value" select="@updated"/>
              </xsl:call-template>
            </p>
          </xsl:if>
        </xsl:for-each>
      </div>

      <xsl:choose>
        <xsl:when test="not($services)">
          <p class="panel__empty">There is no service status to show at the moment.</p>
        </xsl:when>
        <xsl:otherwise>
          <div class="status-summary status-summary--{$worst}">
            <p class="status-summary__text">
              <xsl:choose>
                <xsl:when test="$down = 0 and $impacted = 0 and $other = 0">All services are running normally</xsl:when>
                <xsl:otherwise>
                  <!-- e.g. "1 service impacted, 1 down", "2 services down",
                       "3 services with unknown status": the noun goes with
                       the first number only. -->
                  <xsl:if test="$impacted &gt; 0">
                    <xsl:call-template name="count-phrase">
                      <xsl:with-param name="n" select="$impacted"/>
                      <xsl:with-param name="noun" select="true()"/>
                      <xsl:with-param name="what" select="'impacted'"/>
                    </xsl:call-template>
                  </xsl:if>
                  <xsl:if test="$down &gt; 0">
                    <xsl:if test="$impacted &gt; 0">, </xsl:if>
                    <xsl:call-template name="count-phrase">
                      <xsl:with-param name="n" select="$down"/>
                      <xsl:with-param name="noun" select="$impacted = 0"/>
                      <xsl:with-param name="what" select="'down'"/>
                    </xsl:call-template>
                  </xsl:if>
                  <xsl:if test="$other &gt; 0">
                    <xsl:if test="$impacted + $down &gt; 0">, </xsl:if>
                    <xsl:call-template name="count-phrase">
                      <xsl:with-param name="n" select="$other"/>
                      <xsl:with-param name="noun" select="$impacted + $down = 0"/>
                      <xsl:with-param name="what" select="'with unknown status'"/>
                    </xsl:call-template>
                  </xsl:if>
                </xsl:otherwise>
              </xsl:choose>
            </p>
            <p class="status-summary__count">
              <xsl:value-of select="count($services[@status = 'green'])"/>
              <xsl:text> of </xsl:text>
              <xsl:value-of select="count($services)"/>
              <xsl:text> services up</xsl:text>
            </p>
          </div>

          <ul class="service-list">
            <!-- Worst first; document order within each status. -->
            <xsl:apply-templates select="$services[@status = 'red']" mode="status-item"/>
            <xsl:apply-templates select="$services[@status = 'amber']" mode="status-item"/>
            <xsl:apply-templates select="$services[not(@status = 'red' or @status = 'amber' or @status = 'green')]" mode="status-item"/>
            <xsl:apply-templates select="$services[@status = 'green']" mode="status-item"/>
          </ul>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="count-phrase">
    <xsl:param name="n"/>
    <xsl:param name="noun" select="false()"/>
    <xsl:param name="what"/>
    <xsl:value-of select="$n"/>
    <xsl:if test="$noun">
      <xsl:text> service</xsl:text>
      <xsl:if test="$n != 1">s</xsl:if>
    </xsl:if>
    <xsl:text> </xsl:text>
    <xsl:value-of select="$what"/>
  </xsl:template>

  <xsl:template match="service" mode="status-item">
    <xsl:variable name="key">
      <xsl:call-template name="status-key">
        <xsl:with-param name="status" select="@status"/>
      </xsl:call-template>
    </xsl:variable>
    <li class="service service--{$key}">
      <div class="service__main">
        <h3 class="service__name">
          <xsl:choose>
            <xsl:when test="normalize-space(@name)"><xsl:value-of select="@name"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="@code"/></xsl:otherwise>
          </xsl:choose>
        </h3>
        <xsl:if test="normalize-space(@note)">
          <p class="service__note"><xsl:value-of select="@note"/></p>
        </xsl:if>
        <xsl:if test="normalize-space(@updated)">
          <p class="service__updated">
            <xsl:text>Updated </xsl:text>
            <xsl:call-template name="datetime">
              <xsl:with-param name="value" select="@updated"/>
            </xsl:call-template>
          </p>
        </xsl:if>
      </div>
      <p class="service__status">
        <span class="visually-hidden">Status: </span>
        <xsl:call-template name="status-badge">
          <xsl:with-param name="status" select="@status"/>
        </xsl:call-template>
      </p>
    </li>
  </xsl:template>

  <!-- ===== Your details ===== -->

  <xsl:template match="user" mode="details-panel">
    <section class="panel panel--details" aria-labelledby="your-details-title">
      <div class="panel__header">
        <h2 class="panel__title" id="your-details-title">Your details</h2>
      </div>
      <dl class="details">
        <xsl:if test="normalize-space(@name)">
          <div class="details__row">
            <dt>Name</dt>
            <dd><xsl:value-of select="@name"/></dd>
          </div>
        </xsl:if>
        <xsl:if test="normalize-space(@organisation)">
          <div class="details__row">
            <dt>Organisation</dt>
            <dd><xsl:value-of select="@organisation"/></dd>
          </div>
        </xsl:if>
        <xsl:if test="normalize-space(@mail)">
          <div class="details__row">
            <dt>E-mail</dt>
            <dd><a href="mailto:{normalize-space(@mail)}"><xsl:value-of select="@mail"/></a></dd>
          </div>
        </xsl:if>
        <xsl:if test="normalize-space(@phone)">
          <div class="details__row">
            <dt>Phone</dt>
            <dd><a href="tel:{translate(normalize-space(@phone), ' ().-', '')}"><xsl:value-of select="@phone"/></a></dd>
          </div>
        </xsl:if>
        <xsl:if test="normalize-space(@role)">
          <div class="details__row">
            <dt>Role</dt>
            <dd>
              <xsl:call-template name="role-label">
                <xsl:with-param name="role" select="@role"/>
              </xsl:call-template>
            </dd>
          </div>
        </xsl:if>
      </dl>
    </section>
  </xsl:template>

  <!-- ===== Your tickets: where to follow them and how to log one ===== -->

  <xsl:template name="tickets-panel">
    <section class="panel panel--tickets" id="tickets" aria-labelledby="your-tickets-title">
      <div class="panel__header">
        <h2 class="panel__title" id="your-tickets-title">Your tickets</h2>
      </div>
      <p class="panel__text">Something broken, or something you need? Log a ticket with the service desk and follow it here.</p>
      <div class="panel__actions button-group">
        <a class="button button--primary" href="{$base}/tickets/new">Log a ticket</a>
        <a class="button button--secondary" href="{$base}/tickets">See your tickets</a>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
