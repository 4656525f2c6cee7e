<?xml version="1.0" encoding="UTF-8"?>
<!--
  error.xsl - error pages (400, 403, 404, 405, 413, 500, 503 and any other
  status).  See layout.xsl for the layout contract.

  Input: /helpdesk/error with @status, @title, @message (title and message
  may be empty; we fall back to our own text per status), and on a 503
  @retry-href, the address to ask again ("Try again").  /helpdesk/contact
  gives the service desk's phone, e-mail and hours.  An optional
  @time ("YYYY-MM-DD hh:mm:ss") is shown on 500 pages for the user to quote;
  without it the EXSLT date:date-time() is used when the processor has it.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:date="http://exslt.org/dates-and-times"
    exclude-result-prefixes="date">

  <xsl:import href="layout.xsl"/>

  <xsl:variable name="status" select="normalize-space(/helpdesk/error/@status)"/>

  <xsl:template match="/helpdesk" mode="title">
    <xsl:call-template name="error-title"/>
  </xsl:template>

  <xsl:template name="error-title">
    <xsl:choose>
      <xsl:when test="normalize-space(/helpdesk/error/@title)">
        <xsl:value-of select="/helpdesk/error/@title"/>
      </xsl:when>
      <xsl:when test="$status = '400'">There is a problem with the request</xsl:when>
      <xsl:when test="$status = '403'">You do not have access to this page</xsl:when>
      <xsl:when test="$status = '404'">Page not found</xsl:when>
      <xsl:when test="$status = '405'">Method not allowed</xsl:when>
      <xsl:when test="$status = '413'">What you sent is too large</xsl:when>
      <xsl:when test="$status = '500'">Sorry, something went wrong</xsl:when>
      <xsl:when test="$status = '503'">Service temporarily unavailable</xsl:when>
      <xsl:otherwise>Sorry, there is a problem</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="starts-with($status, '5')">server</xsl:when>
        <xsl:otherwise>client</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>

    <div class="error-page error-page--{$kind}">
      <xsl:if test="$status != ''">
        <p class="error-page__code">
          <span class="error-page__code-label">Error</span>
          <xsl:text> </xsl:text>
          <span class="error-page__code-number"><xsl:value-of select="$status"/></span>
        </p>
      </xsl:if>

      <h1 class="page-title">
        <xsl:call-template name="error-title"/>
      </h1>

      <xsl:if test="normalize-space(error/@message)">
        <p class="lead error-page__message"><xsl:value-of select="error/@message"/></p>
      </xsl:if>

      <section class="error-page__next" aria-labelledby="next-steps-title">
        <h2 class="error-page__next-title" id="next-steps-title">What you can do</h2>
        <xsl:call-template name="next-steps"/>
      </section>

      <!-- A 503 passes by itself: asking again for the same address is
           the way forward (@retry-href, when that is safe). -->
      <p class="error-page__actions">
        <xsl:choose>
          <xsl:when test="normalize-space(error/@retry-href)">
            <a class="button button--primary" href="{error/@retry-href}">Try again</a>
            <xsl:if test="error/@retry-href != concat($base, '/')">
              <a class="button-link" href="{$base}/">Go to Today</a>
            </xsl:if>
          </xsl:when>
          <xsl:otherwise>
            <a class="button button--primary" href="{$base}/">Go to Today</a>
          </xsl:otherwise>
        </xsl:choose>
      </p>

      <xsl:call-template name="contact"/>
    </div>
  </xsl:template>

  <xsl:template name="next-steps">
    <xsl:choose>
      <xsl:when test="$status = '400'">
        <ul class="steps">
          <li>If you were filling in a form, go back, check what you entered and send it again.</li>
          <li>If you followed a link or bookmark, it may be out of date: start again from Today.</li>
        </ul>
      </xsl:when>
      <xsl:when test="$status = '403'">
        <ul class="steps">
          <li>You do not have access to this page with your current role.</li>
          <li>If you think you need it for your work, contact your supervisor.</li>
        </ul>
      </xsl:when>
      <xsl:when test="$status = '404'">
        <ul class="steps">
          <li>If you typed the web address, check it is correct.</li>
          <li>If you pasted the web address, check you copied the entire address.</li>
          <li>Otherwise, go to Today and find what you need from there.</li>
        </ul>
      </xsl:when>
      <xsl:when test="$status = '405'">
        <ul class="steps">
          <li>This page cannot be used that way (the method is not allowed).</li>
          <li>Go back and use the links and buttons on the page rather than a bookmark or typed address.</li>
        </ul>
      </xsl:when>
      <xsl:when test="$status = '413'">
        <ul class="steps">
          <li>The upload or form you sent is too large.</li>
          <li>Make the file smaller, or send less text, and try again.</li>
        </ul>
      </xsl:when>
      <xsl:when test="$status = '500'">
        <ul class="steps">
          <li>Something went wrong on our side. It was not caused by anything you did.</li>
          <li>Try again in a few minutes.</li>
          <li>
            <xsl:text>If it keeps happening, contact the service desk and quote the time </xsl:text>
            <xsl:call-template name="error-time"/>
            <xsl:text>.</xsl:text>
          </li>
        </ul>
      </xsl:when>
      <xsl:when test="$status = '503'">
        <ul class="steps">
          <li>The service is temporarily unavailable. It recovers by itself.</li>
          <li>Try again in a minute.</li>
        </ul>
      </xsl:when>
      <xsl:otherwise>
        <ul class="steps">
          <li>Try again in a few minutes.</li>
          <li>If it keeps happening, contact the service desk.</li>
        </ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="error-time">
    <xsl:choose>
      <xsl:when test="normalize-space(/helpdesk/error/@time)">
        <strong class="error-page__time">
          <xsl:call-template name="datetime">
            <xsl:with-param name="value" select="/helpdesk/error/@time"/>
            <xsl:with-param name="seconds" select="true()"/>
          </xsl:call-template>
        </strong>
      </xsl:when>
      <xsl:when test="function-available('date:date-time')">
        <xsl:variable name="now" select="date:date-time()"/>
        <strong class="error-page__time">
          <xsl:call-template name="datetime">
            <xsl:with-param name="value" select="substring($now, 1, 19)"/>
            <xsl:with-param name="seconds" select="true()"/>
          </xsl:call-template>
        </strong>
      </xsl:when>
      <xsl:otherwise>this happened</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
