<?xml version="1.0" encoding="UTF-8"?>
<!--
  layout.xsl - the shared page layout of mod_helpdesk.

  LAYOUT CONTRACT (how a page stylesheet plugs in)
  =================================================
  A page stylesheet imports this file and supplies two templates, both
  matching the document element:

    <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
      <xsl:import href="layout.xsl"/>

      <xsl:template match="/helpdesk" mode="title">Tickets</xsl:template>

      <xsl:template match="/helpdesk" mode="content">
        <h1 class="page-title">…</h1>
        …
      </xsl:template>
    </xsl:stylesheet>

  mode="title"    Fallback page title, as plain text.  Used only when the
                  module did not set /helpdesk/@title (the module's title
                  always wins).  The resolved title is in $page-title;
                  <title> becomes "$page-title — $site" (just "$site" when
                  $page-title is empty).
  mode="content"  Everything inside <main id="main">.  The page owns its
                  <h1> (exactly one per page).

  Optional hooks (defaults below emit nothing / the obvious thing):
    mode="head"        extra elements at the end of <head>
                       (e.g. <script src="{$static}/js/x.js" defer=""/>).
    mode="footer"      extra content in the footer, before the site line.
    mode="main-class"  extra class names for <main> (text), e.g. the narrow-column
                       modifier that login.xsl uses.
    $nav-current       the key of the current primary navigation item.  It
                       defaults to /helpdesk/@page; a page that belongs to
                       another section redeclares the global variable, e.g.
                       <xsl:variable name="nav-current" select="'tickets'"/>
                       (import precedence makes the page's declaration win).
    $primary-nav       true() (the default): the primary navigation is shown
                       to a logged-in user.  A page a person may not leave
                       (a temporary password to be replaced first) redeclares
                       it false(): only Log out is left.

  Primary navigation: add ONE line to the template "primary-nav-items"
  below per item (key, path below $base, label).  Navigation is shown only
  when a user is logged in (/helpdesk/user exists); the item whose key
  equals $nav-current gets aria-current="page".

  Globals available to pages: $base, $static, $site, $user (node-set,
  possibly empty), $page-title.
  Shared named templates for pages:
    role-label   (param role)   staff → Staff, supervisor → Supervisor,
                                agent → Service desk agent
    status-label (param status) green → Up, amber → Impacted, red → Down
    status-key   (param status) green/amber/red as given, anything else → unknown
                                (for class names)
    status-badge (param status) a span of class "status" plus a per-status
                                class, with the status word as its text
    datetime     (param value "YYYY-MM-DD hh:mm:ss", param seconds
                  true()/false()) → <time datetime="…">24 Nov 2026, 08:00</time>
    ticket-status-badge (params name, category, code) the ticket status
                  name in a span of class "badge" plus a per-category class
                  (shape per category, so not colour alone)
    kind-label   (param kind)   incident → Incident, request → Request
    mode="rich-text" on a <text> element: the formatted text of details,
                  comments and solutions as HTML (p, br, ul, li, strong,
                  code; a only for http/https hrefs; anything else as text)
    error-summary, field-error, described-by: form error messages (the
                  summary box at the top and the message next to a field,
                  tied with aria-describedby); see their comments below.
    contact      (param title) how to reach the service desk, from
                  /helpdesk/contact (@phone @mail @hours, as configured):
                  a section with tel: and mailto: links; nothing when
                  none is configured.

  Rules: no inline script, no style attributes, no <style> (the CSP is
  default-src 'self'; script-src 'self'; style-src 'self').  Never use
  disable-output-escaping: all data from the XML is escaped by the
  serializer.

  Output notes (libxslt): doctype-system="about:legacy-compat" makes
  libxslt write "<!DOCTYPE html>".  The charset is declared with
  <meta http-equiv="Content-Type" …> because libxslt's HTML serializer
  inserts exactly that element when it is missing; writing it ourselves
  keeps a single charset declaration in the output.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <!-- ===== Globals ===== -->

  <xsl:variable name="base" select="string(/helpdesk/@base)"/>
  <xsl:variable name="static" select="string(/helpdesk/@static)"/>
  <xsl:variable name="site">
    <xsl:choose>
      <xsl:when test="normalize-space(/helpdesk/@site)">
        <xsl:value-of select="normalize-space(/helpdesk/@site)"/>
      </xsl:when>
      <xsl:otherwise>IT Helpdesk</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="user" select="/helpdesk/user"/>
  <xsl:variable name="nav-current" select="string(/helpdesk/@page)"/>
  <xsl:variable name="primary-nav" select="true()"/>

  <xsl:variable name="page-title-rtf">
    <xsl:choose>
      <xsl:when test="normalize-space(/helpdesk/@title)">
        <xsl:value-of select="/helpdesk/@title"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="/helpdesk" mode="title"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="page-title" select="normalize-space($page-title-rtf)"/>

  <!-- ===== Primary navigation: one line per item ===== -->

  <xsl:template name="primary-nav-items">
    <xsl:call-template name="nav-item"><xsl:with-param name="key" select="'today'"/><xsl:with-param name="path" select="'/'"/><xsl:with-param name="label" select="'Today'"/></xsl:call-template>
    <xsl:call-template name="nav-item"><xsl:with-param name="key" select="'tickets'"/><xsl:with-param name="path" select="'/tickets'"/><xsl:with-param name="label" select="'Tickets'"/></xsl:call-template>
    <xsl:call-template name="nav-item"><xsl:with-param name="key" select="'services'"/><xsl:with-param name="path" select="'/services'"/><xsl:with-param name="label" select="'Services'"/></xsl:call-template>
    <xsl:call-template name="nav-item"><xsl:with-param name="key" select="'faq'"/><xsl:with-param name="path" select="'/faq'"/><xsl:with-param name="label" select="'FAQ'"/></xsl:call-template>
    <xsl:call-template name="nav-item"><xsl:with-param name="key" select="'account'"/><xsl:with-param name="path" select="'/account'"/><xsl:with-param name="label" select="'Account'"/></xsl:call-template>
    <xsl:if test="$user/@role = 'supervisor'">
      <xsl:call-template name="nav-item"><xsl:with-param name="key" select="'logins'"/><xsl:with-param name="path" select="'/logins'"/><xsl:with-param name="label" select="'Logins'"/></xsl:call-template>
    </xsl:if>
    <xsl:if test="$user/@role = 'agent'">
      <xsl:call-template name="nav-item"><xsl:with-param name="key" select="'desk'"/><xsl:with-param name="path" select="'/desk'"/><xsl:with-param name="label" select="'Desk'"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="nav-item">
    <xsl:param name="key"/>
    <xsl:param name="path"/>
    <xsl:param name="label"/>
    <li class="primary-nav__item">
      <a class="primary-nav__link" href="{$base}{$path}">
        <xsl:if test="$key = $nav-current">
          <xsl:attribute name="aria-current">page</xsl:attribute>
        </xsl:if>
        <xsl:value-of select="$label"/>
      </a>
    </li>
  </xsl:template>

  <!-- ===== Page skeleton ===== -->

  <xsl:template match="/">
    <xsl:apply-templates select="helpdesk" mode="layout"/>
  </xsl:template>

  <xsl:template match="helpdesk" mode="layout">
    <html lang="en">
      <head>
        <meta http-equiv="Content-Type" content="text/html; charset=UTF-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light"/>
        <meta name="theme-color" content="#0e2a63"/>
        <title>
          <xsl:if test="$page-title != '' and $page-title != $site">
            <xsl:value-of select="$page-title"/>
            <xsl:text> — </xsl:text>
          </xsl:if>
          <xsl:value-of select="$site"/>
        </title>
        <link rel="stylesheet" href="{$static}/css/helpdesk.css"/>
        <link rel="icon" type="image/svg+xml" href="{$static}/img/logo.svg"/>
        <xsl:apply-templates select="." mode="head"/>
      </head>
      <body class="page page--{normalize-space(@page)}">
        <a class="skip-link" href="#main">Skip to main content</a>

        <header class="site-header">
          <div class="wrap site-header__bar">
            <a class="brand" href="{$base}/">
              <img class="brand__logo" src="{$static}/img/logo.svg" alt="" width="36" height="36"/>
              <span class="brand__name"><xsl:value-of select="$site"/></span>
            </a>
            <xsl:apply-templates select="$user" mode="user-box"/>
          </div>
          <xsl:if test="$user and $primary-nav">
            <div class="site-header__nav">
              <nav class="wrap" aria-label="Primary">
                <ul class="primary-nav">
                  <xsl:call-template name="primary-nav-items"/>
                </ul>
              </nav>
            </div>
          </xsl:if>
        </header>

        <main id="main" tabindex="-1">
          <xsl:attribute name="class">
            <xsl:text>main wrap</xsl:text>
            <xsl:variable name="extra">
              <xsl:apply-templates select="." mode="main-class"/>
            </xsl:variable>
            <xsl:if test="normalize-space($extra)">
              <xsl:value-of select="concat(' ', normalize-space($extra))"/>
            </xsl:if>
          </xsl:attribute>
          <xsl:apply-templates select="." mode="content"/>
        </main>

        <footer class="site-footer">
          <div class="wrap site-footer__inner">
            <xsl:apply-templates select="." mode="footer"/>
            <p class="site-footer__site">
              <img class="site-footer__logo" src="{$static}/img/logo.svg" alt="" width="20" height="20"/>
              <span><xsl:value-of select="$site"/></span>
              <span class="site-footer__sep" aria-hidden="true"> · </span>
              <span>Self-service IT support</span>
            </p>
          </div>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- The user box: who is logged in, and the log-out button (no JS). -->
  <xsl:template match="user" mode="user-box">
    <div class="user-box">
      <p class="user-box__who">
        <span class="visually-hidden">Logged in as </span>
        <span class="user-box__name">
          <xsl:choose>
            <xsl:when test="normalize-space(@name)"><xsl:value-of select="@name"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="@login"/></xsl:otherwise>
          </xsl:choose>
        </span>
        <xsl:variable name="role">
          <xsl:call-template name="role-label">
            <xsl:with-param name="role" select="@role"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:if test="normalize-space(@organisation) or normalize-space($role)">
          <span class="user-box__meta">
            <xsl:if test="normalize-space(@organisation)">
              <span class="user-box__org"><xsl:value-of select="@organisation"/></span>
            </xsl:if>
            <xsl:if test="normalize-space(@organisation) and normalize-space($role)">
              <span class="user-box__sep" aria-hidden="true"> · </span>
              <span class="visually-hidden">, </span>
            </xsl:if>
            <xsl:if test="normalize-space($role)">
              <span class="user-box__role"><xsl:value-of select="$role"/></span>
            </xsl:if>
          </span>
        </xsl:if>
      </p>
      <form class="user-box__logout" method="post" action="{$base}/logout">
        <input type="hidden" name="csrf" value="{@logout-csrf}"/>
        <button type="submit" class="button button--on-dark">Log out</button>
      </form>
    </div>
  </xsl:template>

  <!-- ===== Default hooks ===== -->

  <xsl:template match="/helpdesk" mode="title"/>
  <xsl:template match="/helpdesk" mode="head"/>
  <xsl:template match="/helpdesk" mode="footer"/>
  <xsl:template match="/helpdesk" mode="main-class"/>
  <xsl:template match="/helpdesk" mode="content">
    <h1 class="page-title"><xsl:value-of select="$page-title"/></h1>
  </xsl:template>

  <!-- ===== Shared helpers ===== -->

  <xsl:template name="role-label">
    <xsl:param name="role"/>
    <xsl:choose>
      <xsl:when test="$role = 'staff'">Staff</xsl:when>
      <xsl:when test="$role = 'supervisor'">Supervisor</xsl:when>
      <xsl:when test="$role = 'agent'">Service desk agent</xsl:when>
      <xsl:otherwise><xsl:value-of select="$role"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="status-label">
    <xsl:param name="status"/>
    <xsl:choose>
      <xsl:when test="$status = 'green'">Up</xsl:when>
      <xsl:when test="$status = 'amber'">Impacted</xsl:when>
      <xsl:when test="$status = 'red'">Down</xsl:when>
      <xsl:otherwise>Unknown</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="status-key">
    <xsl:param name="status"/>
    <xsl:choose>
      <xsl:when test="$status = 'green' or $status = 'amber' or $status = 'red'">
        <xsl:value-of select="$status"/>
      </xsl:when>
      <xsl:otherwise>unknown</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="status-badge">
    <xsl:param name="status"/>
    <xsl:variable name="key">
      <xsl:call-template name="status-key">
        <xsl:with-param name="status" select="$status"/>
      </xsl:call-template>
    </xsl:variable>
    <span class="status status--{$key}">
      <xsl:call-template name="status-label">
        <xsl:with-param name="status" select="$status"/>
      </xsl:call-template>
    </span>
  </xsl:template>

  <!-- "2026-11-24 08:00:00" → <time datetime="2026-11-24T08:00:00">24 Nov 2026, 08:00</time>.
       Anything that does not look like that is shown as given. -->
  <xsl:template name="datetime">
    <xsl:param name="value"/>
    <xsl:param name="seconds" select="false()"/>
    <xsl:variable name="v" select="normalize-space(translate($value, 'T', ' '))"/>
    <xsl:variable name="month" select="number(substring($v, 6, 2))"/>
    <xsl:choose>
      <xsl:when test="string-length($v) &gt;= 16 and substring($v, 5, 1) = '-'
                      and substring($v, 11, 1) = ' ' and substring($v, 14, 1) = ':'
                      and $month &gt;= 1 and $month &lt;= 12">
        <time datetime="{concat(substring($v, 1, 10), 'T', substring($v, 12))}">
          <xsl:value-of select="number(substring($v, 9, 2))"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="substring('JanFebMarAprMayJunJulAugSepOctNovDec', $month * 3 - 2, 3)"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="substring($v, 1, 4)"/>
          <xsl:text>, </xsl:text>
          <xsl:choose>
            <xsl:when test="$seconds and string-length($v) &gt;= 19">
              <xsl:value-of select="substring($v, 12, 8)"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:value-of select="substring($v, 12, 5)"/>
            </xsl:otherwise>
          </xsl:choose>
        </time>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$value"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== Tickets: shared helpers ===== -->

  <!-- Ticket status badge: the status name as text plus a shape per
       category (open = filled circle, pending = half-filled circle,
       closed = tick, cancelled = cross), so colour is never the only cue. -->
  <xsl:template name="ticket-category-key">
    <xsl:param name="category"/>
    <xsl:choose>
      <xsl:when test="$category = 'open' or $category = 'pending'
                      or $category = 'closed' or $category = 'cancelled'">
        <xsl:value-of select="$category"/>
      </xsl:when>
      <xsl:otherwise>unknown</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ticket-status-badge">
    <xsl:param name="name"/>
    <xsl:param name="category"/>
    <xsl:param name="code" select="''"/>
    <xsl:variable name="key">
      <xsl:call-template name="ticket-category-key">
        <xsl:with-param name="category" select="$category"/>
      </xsl:call-template>
    </xsl:variable>
    <span class="badge badge--{$key}">
      <xsl:choose>
        <xsl:when test="normalize-space($name)"><xsl:value-of select="$name"/></xsl:when>
        <xsl:when test="normalize-space($code)"><xsl:value-of select="$code"/></xsl:when>
        <xsl:otherwise>Unknown</xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- incident → Incident, request → Request. -->
  <xsl:template name="kind-label">
    <xsl:param name="kind"/>
    <xsl:choose>
      <xsl:when test="$kind = 'incident'">Incident</xsl:when>
      <xsl:when test="$kind = 'request'">Request</xsl:when>
      <xsl:otherwise><xsl:value-of select="$kind"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Formatted text (<text> of details, comments, solutions, news, FAQ
       answers): CommonMark, turned by the module (hd_text.c, cmark) into a
       fixed vocabulary.  p, br, ul, ol (@start, a number), li, strong, em,
       code, pre, blockquote and hr become the same HTML elements, h
       (@level) a heading below the page's own (h3, or h4 from level 3),
       and a becomes a link only when its href is http://, https:// or
       mailto: (rel="nofollow noopener"); an a with any other href, and
       every other element, gives its text only.  Elements are created
       afresh (never xsl:copy), so no attribute ever comes through.
       Usage: <xsl:apply-templates select="details/text" mode="rich-text"/> -->
  <xsl:template match="text" mode="rich-text">
    <div class="prose">
      <xsl:apply-templates mode="rich-text-inner"/>
    </div>
  </xsl:template>

  <xsl:template match="p" mode="rich-text-inner">
    <p><xsl:apply-templates mode="rich-text-inner"/></p>
  </xsl:template>
  <xsl:template match="br" mode="rich-text-inner">
    <br/>
  </xsl:template>
  <xsl:template match="ul" mode="rich-text-inner">
    <ul><xsl:apply-templates mode="rich-text-inner"/></ul>
  </xsl:template>
  <xsl:template match="li" mode="rich-text-inner">
    <li><xsl:apply-templates mode="rich-text-inner"/></li>
  </xsl:template>
  <xsl:template match="strong" mode="rich-text-inner">
    <strong><xsl:apply-templates mode="rich-text-inner"/></strong>
  </xsl:template>
  <xsl:template match="code" mode="rich-text-inner">
    <code><xsl:apply-templates mode="rich-text-inner"/></code>
  </xsl:template>
  <xsl:template match="em" mode="rich-text-inner">
    <em><xsl:apply-templates mode="rich-text-inner"/></em>
  </xsl:template>
  <xsl:template match="pre" mode="rich-text-inner">
    <pre><code><xsl:value-of select="."/></code></pre>
  </xsl:template>
  <xsl:template match="ol" mode="rich-text-inner">
    <ol>
      <xsl:if test="string(number(@start)) != 'NaN'">
        <xsl:attribute name="start"><xsl:value-of select="number(@start)"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates mode="rich-text-inner"/>
    </ol>
  </xsl:template>
  <xsl:template match="blockquote" mode="rich-text-inner">
    <blockquote><xsl:apply-templates mode="rich-text-inner"/></blockquote>
  </xsl:template>
  <xsl:template match="hr" mode="rich-text-inner">
    <hr/>
  </xsl:template>
  <xsl:template match="h" mode="rich-text-inner">
    <xsl:choose>
      <xsl:when test="@level &lt;= 2"><h3><xsl:apply-templates mode="rich-text-inner"/></h3></xsl:when>
      <xsl:otherwise><h4><xsl:apply-templates mode="rich-text-inner"/></h4></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="a" mode="rich-text-inner">
    <xsl:choose>
      <xsl:when test="starts-with(@href, 'http://') or starts-with(@href, 'https://') or starts-with(@href, 'mailto:')">
        <a href="{@href}" rel="nofollow noopener"><xsl:value-of select="."/></a>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="*" mode="rich-text-inner">
    <xsl:value-of select="."/>
  </xsl:template>
  <xsl:template match="text()" mode="rich-text-inner">
    <xsl:value-of select="."/>
  </xsl:template>
  <xsl:template match="comment() | processing-instruction()" mode="rich-text-inner"/>

  <!-- ===== Forms: shared error helpers =====

       Field ids are $prefix followed by the field name (e.g. "f-summary");
       a field's error message has the id "$prefix$field-error".

       error-summary (params errors = the error elements, prefix, fields =
         " name name … " the fields the form has, fallback = id to link an
         error about no known field to, e.g. an expired form):
         the "There is a problem" box, role="alert", one link per error.
       field-error (params errors, prefix, field): the message(s) for one
         field, shown next to it; nothing when the field has no error.
       described-by (params errors, prefix, field, hint = id or '',
         invalid = false() for a fieldset): adds aria-describedby (hint
         and/or error) and aria-invalid to the control being built.
       A textarea's content starts with a newline, which the HTML parser
       drops, so a value that itself starts with one survives. -->
  <xsl:template name="error-summary">
    <xsl:param name="errors"/>
    <xsl:param name="prefix"/>
    <xsl:param name="fields" select="''"/>
    <xsl:param name="fallback" select="''"/>
    <xsl:if test="$errors">
      <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
        <h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>
        <ul class="error-summary__list error-summary__body">
          <xsl:for-each select="$errors">
            <xsl:variable name="known" select="normalize-space(@field) != ''
                and contains($fields, concat(' ', normalize-space(@field), ' '))"/>
            <li>
              <xsl:choose>
                <xsl:when test="$known">
                  <a href="#{$prefix}{normalize-space(@field)}"><xsl:value-of select="@message"/></a>
                </xsl:when>
                <xsl:when test="$fallback != ''">
                  <a href="#{$fallback}"><xsl:value-of select="@message"/></a>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="@message"/></xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ul>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="field-error">
    <xsl:param name="errors"/>
    <xsl:param name="prefix"/>
    <xsl:param name="field"/>
    <xsl:variable name="mine" select="$errors[normalize-space(@field) = $field]"/>
    <xsl:if test="$mine">
      <p class="field__error" id="{$prefix}{$field}-error">
        <xsl:for-each select="$mine">
          <span class="field__error-text">
            <span class="visually-hidden">Error: </span>
            <xsl:value-of select="@message"/>
          </span>
        </xsl:for-each>
      </p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="described-by">
    <xsl:param name="errors"/>
    <xsl:param name="prefix"/>
    <xsl:param name="field"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="invalid" select="true()"/>
    <xsl:variable name="bad" select="boolean($errors[normalize-space(@field) = $field])"/>
    <xsl:variable name="ids">
      <xsl:value-of select="$hint"/>
      <xsl:if test="$bad">
        <xsl:value-of select="concat(' ', $prefix, $field, '-error')"/>
      </xsl:if>
    </xsl:variable>
    <xsl:if test="normalize-space($ids)">
      <xsl:attribute name="aria-describedby"><xsl:value-of select="normalize-space($ids)"/></xsl:attribute>
    </xsl:if>
    <xsl:if test="$bad and $invalid">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- ===== How to reach the service desk =====
       For the pages where the portal itself cannot help (errors, the login
       page).  The tel: link keeps only + and digits of the number. -->
  <xsl:template name="contact">
    <xsl:param name="title" select="'Contact the service desk'"/>
    <xsl:variable name="c" select="/helpdesk/contact[normalize-space(@phone)
        or normalize-space(@mail) or normalize-space(@hours)][1]"/>
    <xsl:if test="$c">
      <section class="contact" aria-labelledby="contact-title">
        <h2 class="contact__title" id="contact-title"><xsl:value-of select="$title"/></h2>
        <dl class="contact__list">
          <xsl:if test="normalize-space($c/@phone)">
            <div class="contact__row">
              <dt>Phone</dt>
              <dd><a href="tel:{translate($c/@phone, ' ()-./', '')}"><xsl:value-of select="$c/@phone"/></a></dd>
            </div>
          </xsl:if>
          <xsl:if test="normalize-space($c/@mail)">
            <div class="contact__row">
              <dt>E-mail</dt>
              <dd><a href="mailto:{$c/@mail}"><xsl:value-of select="$c/@mail"/></a></dd>
            </div>
          </xsl:if>
          <xsl:if test="normalize-space($c/@hours)">
            <div class="contact__row">
              <dt>Hours</dt>
              <dd><xsl:value-of select="$c/@hours"/></dd>
            </div>
          </xsl:if>
        </dl>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- A file size in words (ticket.xsl, ticket-new.xsl). -->
  <xsl:template name="attachment-size">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$n &gt;= 1048576"><xsl:value-of select="format-number($n div 1048576, '0.0')"/> MB</xsl:when>
      <xsl:when test="$n &gt;= 1024"><xsl:value-of select="format-number($n div 1024, '0')"/> KB</xsl:when>
      <xsl:otherwise><xsl:value-of select="$n"/> bytes</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
