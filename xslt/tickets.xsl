<?xml version="1.0" encoding="UTF-8"?>
<!--
  tickets.xsl - the ticket lists (page tickets): tabs for the views, the
  filter form (GET), the table of tickets with the user's columns in their
  order, and paging.  See layout.xsl for the layout contract and
  /helpdesk/tickets in the tickets contract for the input.

  The table is a real table on wider screens (scrolling inside its own
  box when the user picks many columns); on a phone each row is shown as
  a card, with the column label taken from data-label.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:variable name="list" select="/helpdesk/tickets"/>

  <xsl:template match="/helpdesk" mode="title">Tickets</xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <div class="page-header page-header--split">
      <div class="page-header__text">
        <h1 class="page-title">Tickets</h1>
        <p class="lead">Follow your tickets and those shared in your organisation.</p>
      </div>
      <p class="page-header__actions">
        <a class="button button--primary" href="{$base}/tickets/new">Log a ticket</a>
      </p>
    </div>

    <xsl:apply-templates select="$list"/>
  </xsl:template>

  <!-- A supervisor's summary of the organisation's live tickets
       (view=org): by status, the oldest, on the desk against waiting on
       the organisation. -->
  <xsl:template match="dashboard">
    <section class="panel dashboard" aria-labelledby="dashboard-title">
      <h2 id="dashboard-title">
        <xsl:value-of select="concat(@organisation, ': ', @open, ' open ticket')"/>
        <xsl:if test="@open != 1">s</xsl:if>
      </h2>
      <p>
        <xsl:value-of select="concat(@on-desk, ' with the service desk, ', @waiting-on-us, ' waiting on ', @organisation, '.')"/>
        <xsl:if test="oldest-open">
          <xsl:text> The oldest: </xsl:text>
          <a href="{oldest-open/@href}"><xsl:value-of select="oldest-open/@ref"/></a>
          <xsl:text>, </xsl:text>
          <xsl:value-of select="oldest-open/@status"/>
          <xsl:text>, logged </xsl:text>
          <xsl:call-template name="datetime"><xsl:with-param name="value" select="oldest-open/@created"/></xsl:call-template>
          <xsl:text>.</xsl:text>
        </xsl:if>
      </p>
      <xsl:if test="by-status/dashboard-status">
        <ul class="dashboard__statuses">
          <xsl:for-each select="by-status/dashboard-status">
            <li>
              <xsl:call-template name="ticket-status-badge">
                <xsl:with-param name="name" select="@name"/>
                <xsl:with-param name="category" select="@category"/>
                <xsl:with-param name="code" select="@code"/>
              </xsl:call-template>
              <xsl:value-of select="concat(' ', @tickets)"/>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="tickets">
    <xsl:variable name="current-view" select="views/view[@current = 'true'][1]"/>

    <xsl:if test="views/view">
      <nav class="tabs" aria-label="Ticket lists">
        <ul class="tabs__list">
          <xsl:for-each select="views/view">
            <li class="tabs__item">
              <a class="tabs__link" href="{@href}">
                <xsl:if test="@current = 'true'">
                  <xsl:attribute name="aria-current">page</xsl:attribute>
                </xsl:if>
                <xsl:value-of select="@label"/>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </nav>
    </xsl:if>

    <div class="tabs__panel">
      <xsl:apply-templates select="dashboard"/>
      <xsl:call-template name="filters">
        <xsl:with-param name="current-view" select="$current-view"/>
      </xsl:call-template>

      <xsl:variable name="n" select="count(rows/ticket)"/>
      <div class="list-toolbar">
        <p class="list-toolbar__count" id="tickets-count">
          <xsl:choose>
            <xsl:when test="$n = 0">No tickets</xsl:when>
            <xsl:otherwise>
              <xsl:text>Showing </xsl:text>
              <strong><xsl:value-of select="$n"/></strong>
              <xsl:choose>
                <xsl:when test="$n = 1"> ticket</xsl:when>
                <xsl:otherwise> tickets</xsl:otherwise>
              </xsl:choose>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:if test="normalize-space(@q)">
            <xsl:text> matching “</xsl:text>
            <xsl:value-of select="@q"/>
            <xsl:text>”</xsl:text>
          </xsl:if>
          <xsl:if test="normalize-space(@asset)">
            <xsl:text> about computer </xsl:text>
            <xsl:value-of select="@asset"/>
            <xsl:text> (</xsl:text>
            <a href="{$base}/tickets?view={@view}">every computer</a>
            <xsl:text>)</xsl:text>
          </xsl:if>
          <xsl:if test="$n &gt; 0 and (paging/@next-href or paging/@first-href)">
            <xsl:text> on this page</xsl:text>
          </xsl:if>
        </p>
        <p class="list-toolbar__links">
          <a class="icon-link icon-link--columns" href="{$base}/tickets/columns">Manage columns</a>
        </p>
      </div>

      <xsl:if test="normalize-space(@q)">
        <xsl:call-template name="search-scope"/>
      </xsl:if>

      <xsl:choose>
        <xsl:when test="rows/ticket">
          <xsl:call-template name="table">
            <xsl:with-param name="current-view" select="$current-view"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <div class="empty-state">
            <p class="empty-state__title">No tickets match.</p>
            <p class="empty-state__text">
              <xsl:text>Try another list, choose more statuses or change the search. If you need help with something new, </xsl:text>
              <a href="{$base}/tickets/new">log a ticket</a>
              <xsl:text>.</xsl:text>
            </p>
          </div>
        </xsl:otherwise>
      </xsl:choose>

      <xsl:apply-templates select="paging[@next-href or @first-href]"/>
    </div>
  </xsl:template>

  <!-- ===== What a search covered =====
       Closed and cancelled tickets are left out by default; a search says
       so, names the statuses it looked in, and offers to repeat itself
       over every status (@all-statuses-href). -->

  <xsl:template name="search-scope">
    <p class="search-scope" id="search-scope">
      <xsl:choose>
        <xsl:when test="@status-scope = 'all'">
          <xsl:text>Searched all statuses.</xsl:text>
        </xsl:when>
        <xsl:otherwise>
          <xsl:choose>
            <xsl:when test="@status-scope = 'open'">Searched open tickets only: </xsl:when>
            <xsl:otherwise>Searched only tickets that are: </xsl:otherwise>
          </xsl:choose>
          <xsl:for-each select="statuses/status[@selected = 'true']">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <xsl:value-of select="@name"/>
          </xsl:for-each>
          <xsl:text>. </xsl:text>
          <xsl:if test="@all-statuses-href">
            <a class="search-scope__all" href="{@all-statuses-href}">
              <xsl:choose>
                <xsl:when test="@status-scope = 'open'">Include closed and cancelled</xsl:when>
                <xsl:otherwise>Search all statuses</xsl:otherwise>
              </xsl:choose>
            </a>
          </xsl:if>
        </xsl:otherwise>
      </xsl:choose>
    </p>
  </xsl:template>

  <!-- ===== Filter form ===== -->

  <xsl:template name="filters">
    <xsl:param name="current-view"/>
    <form class="filters" method="get" action="{$base}/tickets" role="search" aria-label="Filter tickets">
      <input type="hidden" name="view" value="{@view}"/>

      <div class="filters__field filters__field--q">
        <label class="field__label" for="filter-q">Search</label>
        <p class="field__hint" id="filter-q-hint">Words or a reference such as HD-1042.</p>
        <input class="input input--search" id="filter-q" name="q" type="search" value="{@q}"
               autocomplete="off" aria-describedby="filter-q-hint"/>
      </div>

      <!-- One computer's tickets (?asset=, from a ticket's "Computer" link or
           a program): kept while the other filters change, no field of its
           own, so a phone still shows the first ticket on its first screen. -->
      <xsl:if test="normalize-space(@asset)">
        <input type="hidden" name="asset" value="{@asset}"/>
      </xsl:if>

      <div class="filters__field filters__field--sort">
        <label class="field__label" for="filter-sort">Sort by</label>
        <select class="input select" id="filter-sort" name="sort">
          <xsl:for-each select="sorts/sort">
            <option value="{@key}">
              <xsl:if test="@selected = 'true'">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="@label"/>
            </option>
          </xsl:for-each>
        </select>
      </div>

      <div class="filters__field filters__field--dir">
        <label class="field__label" for="filter-dir">Order</label>
        <select class="input select" id="filter-dir" name="dir">
          <option value="desc">
            <xsl:if test="not(@dir = 'asc')"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:text>Descending</xsl:text>
          </option>
          <option value="asc">
            <xsl:if test="@dir = 'asc'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:text>Ascending</xsl:text>
          </option>
        </select>
      </div>

      <!-- One checkbox per status, the same name repeated.  On a phone they
           fold away behind one line that says how many are chosen (the
           list then starts on the first screen); from 40em the stylesheet
           shows them without the disclosure.  No script either way. -->
      <details class="filters__status status-filter">
        <summary class="status-filter__summary">
          <xsl:text>Status: </xsl:text>
          <xsl:value-of select="count(statuses/status[@selected = 'true'])"/>
          <xsl:text> chosen</xsl:text>
        </summary>
        <fieldset class="fieldset status-filter__fieldset">
          <legend class="field__label status-filter__legend">Status</legend>
          <div class="choices choices--compact">
            <xsl:for-each select="statuses/status">
              <div class="choice">
                <input class="choice__input" type="checkbox" name="status" value="{@code}"
                       id="filter-status-{@code}">
                  <xsl:if test="@selected = 'true'">
                    <xsl:attribute name="checked">checked</xsl:attribute>
                  </xsl:if>
                </input>
                <label class="choice__label" for="filter-status-{@code}"><xsl:value-of select="@name"/></label>
              </div>
            </xsl:for-each>
          </div>
        </fieldset>
      </details>

      <div class="filters__actions">
        <button type="submit" class="button button--secondary">Apply</button>
        <xsl:choose>
          <xsl:when test="$current-view/@href">
            <a class="button-link" href="{$current-view/@href}">Reset</a>
          </xsl:when>
          <xsl:otherwise>
            <a class="button-link" href="{$base}/tickets">Reset</a>
          </xsl:otherwise>
        </xsl:choose>
      </div>
    </form>
  </xsl:template>

  <!-- ===== Table ===== -->

  <xsl:template name="table">
    <xsl:param name="current-view"/>
    <xsl:variable name="columns" select="columns/column"/>
    <div class="table-wrap" role="region" aria-labelledby="tickets-caption" tabindex="0">
      <table class="ticket-table">
        <caption class="visually-hidden" id="tickets-caption">
          <xsl:text>Tickets</xsl:text>
          <xsl:if test="$current-view">
            <xsl:text>: </xsl:text>
            <xsl:value-of select="$current-view/@label"/>
          </xsl:if>
          <xsl:for-each select="sorts/sort[@selected = 'true'][1]">
            <xsl:text>, sorted by </xsl:text>
            <xsl:value-of select="@label"/>
            <xsl:choose>
              <xsl:when test="../../@dir = 'asc'"> (ascending)</xsl:when>
              <xsl:otherwise> (descending)</xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </caption>
        <thead>
          <tr>
            <xsl:for-each select="$columns">
              <th scope="col" class="cell cell--{@key}"><xsl:value-of select="@label"/></th>
            </xsl:for-each>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="rows/ticket">
            <xsl:variable name="t" select="."/>
            <tr class="ticket-row ticket-row--{@category}">
              <xsl:for-each select="$columns">
                <xsl:apply-templates select="$t" mode="cell">
                  <xsl:with-param name="key" select="string(@key)"/>
                  <xsl:with-param name="label" select="string(@label)"/>
                </xsl:apply-templates>
              </xsl:for-each>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template match="ticket" mode="cell">
    <xsl:param name="key"/>
    <xsl:param name="label"/>
    <xsl:choose>
      <xsl:when test="$key = 'reference'">
        <th scope="row" class="cell cell--reference" data-label="{$label}">
          <a class="ticket-ref" href="{@href}"><xsl:value-of select="@ref"/></a>
        </th>
      </xsl:when>
      <xsl:otherwise>
        <td class="cell cell--{$key}" data-label="{$label}">
          <xsl:apply-templates select="." mode="cell-value">
            <xsl:with-param name="key" select="$key"/>
          </xsl:apply-templates>
        </td>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="ticket" mode="cell-value">
    <xsl:param name="key"/>
    <xsl:choose>
      <xsl:when test="$key = 'summary'">
        <a class="ticket-summary" href="{@href}"><xsl:value-of select="@summary"/></a>
      </xsl:when>
      <xsl:when test="$key = 'status'">
        <xsl:call-template name="ticket-status-badge">
          <xsl:with-param name="name" select="@status-name"/>
          <xsl:with-param name="category" select="@category"/>
          <xsl:with-param name="code" select="@status"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$key = 'created' or $key = 'updated'">
        <xsl:call-template name="datetime">
          <xsl:with-param name="value" select="@*[name() = $key]"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$key = 'priority'">
        <span class="priority priority--{translate(@priority, ' ', '')}">
          <xsl:choose>
            <xsl:when test="normalize-space(@priority-name)"><xsl:value-of select="@priority-name"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="@priority"/></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:when>
      <xsl:when test="$key = 'due'">
        <xsl:call-template name="due"/>
      </xsl:when>
      <xsl:when test="$key = 'kind'">
        <xsl:call-template name="kind-label">
          <xsl:with-param name="kind" select="@kind"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$key = 'logged_by'">
        <xsl:value-of select="@logged-by"/>
      </xsl:when>
      <xsl:when test="$key = 'assignee'">
        <xsl:choose>
          <xsl:when test="normalize-space(@assignee)"><xsl:value-of select="@assignee"/></xsl:when>
          <xsl:otherwise><span class="muted">Not assigned yet</span></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <!-- service, requester, team, organisation and any future column:
             the attribute of the same name (with - for _). -->
        <xsl:value-of select="@*[name() = $key or name() = translate($key, '_', '-')]"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The next deadline of the service clocks (agents only): overdue, due
       within the hour, or when; none while the ticket waits for the client
       or is closed.  Never colour alone: the words say it. -->
  <xsl:template name="due">
    <xsl:variable name="m" select="number(@due-minutes)"/>
    <xsl:choose>
      <xsl:when test="@due-state = 'breached'">
        <span class="due due--breached">
          <xsl:text>Overdue by </xsl:text>
          <xsl:call-template name="duration">
            <xsl:with-param name="minutes" select="-$m"/>
          </xsl:call-template>
        </span>
      </xsl:when>
      <xsl:when test="@due-state = 'soon'">
        <span class="due due--soon">
          <xsl:text>Due in </xsl:text>
          <xsl:call-template name="duration">
            <xsl:with-param name="minutes" select="$m"/>
          </xsl:call-template>
        </span>
      </xsl:when>
      <xsl:when test="@due-state = 'running'">
        <span class="due">
          <xsl:call-template name="datetime">
            <xsl:with-param name="value" select="@due"/>
          </xsl:call-template>
          <xsl:text> (in </xsl:text>
          <xsl:call-template name="duration">
            <xsl:with-param name="minutes" select="$m"/>
          </xsl:call-template>
          <xsl:text>)</xsl:text>
        </span>
      </xsl:when>
      <xsl:otherwise><span class="muted">No deadline running</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "45 min", "3 h 20 min", "2 d 4 h": minutes as people read them. -->
  <xsl:template name="duration">
    <xsl:param name="minutes"/>
    <xsl:variable name="d" select="floor($minutes div 1440)"/>
    <xsl:variable name="h" select="floor(($minutes mod 1440) div 60)"/>
    <xsl:variable name="min" select="$minutes mod 60"/>
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

  <!-- ===== Paging ===== -->

  <xsl:template match="paging">
    <nav class="pagination" aria-label="Pages of tickets">
      <ul class="pagination__list">
        <xsl:if test="@first-href">
          <li class="pagination__item pagination__item--first">
            <a class="pagination__link" href="{@first-href}">
              <span class="pagination__arrow" aria-hidden="true">«</span>
              <xsl:text> First page</xsl:text>
            </a>
          </li>
        </xsl:if>
        <xsl:if test="@next-href">
          <li class="pagination__item pagination__item--next">
            <a class="pagination__link" href="{@next-href}" rel="next">
              <xsl:text>Next page </xsl:text>
              <span class="pagination__arrow" aria-hidden="true">»</span>
            </a>
          </li>
        </xsl:if>
      </ul>
    </nav>
  </xsl:template>

</xsl:stylesheet>
