<?xml version="1.0" encoding="UTF-8"?>
<!--
  sessions.xsl - where a person is logged in (GET /helpdesk/sessions), with
  a button ending the sessions: one's own other sessions, or, for members of
  HelpdeskAdminGroup, all of another person's (?login=...).
  Input: /helpdesk/sessions with @login, @mine, @admin, @action, @csrf,
  @ended (how many the last action ended), and list/session rows with
  @started, @last-active, @ends, @address, @browser, @current.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:template match="/helpdesk" mode="title">
    <xsl:choose>
      <xsl:when test="sessions/@mine = 'true'">Where you are logged in</xsl:when>
      <xsl:otherwise>Sessions of <xsl:value-of select="sessions/@login"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:apply-templates select="sessions"/>
  </xsl:template>

  <xsl:template match="sessions">
    <xsl:variable name="mine" select="@mine = 'true'"/>
    <h1 class="page-title">
      <xsl:apply-templates select="/helpdesk" mode="title"/>
    </h1>

    <xsl:if test="normalize-space(@ended) != ''">
      <div class="notice notice--success" role="status">
        <p class="notice__text">
          <xsl:value-of select="@ended"/>
          <xsl:text> session</xsl:text>
          <xsl:if test="@ended != 1">s</xsl:if>
          <xsl:text> ended.</xsl:text>
        </p>
      </div>
    </xsl:if>

    <xsl:if test="@admin = 'true'">
      <form class="form form--inline" method="get" action="{/helpdesk/@base}/sessions">
        <div class="field">
          <label class="field__label" for="sessions-login">Person (login)</label>
          <input class="input" id="sessions-login" name="login" type="text" value="{@login}"
                 autocapitalize="none" spellcheck="false"/>
        </div>
        <button type="submit" class="button button--secondary">Show sessions</button>
      </form>
    </xsl:if>

    <xsl:choose>
      <xsl:when test="list/session">
        <div class="table-wrap" role="region" aria-labelledby="sessions-caption" tabindex="0">
          <table class="ticket-table">
            <caption id="sessions-caption">Active sessions</caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Last active</th>
                <th scope="col">Ends at the latest</th>
                <th scope="col">Address</th>
                <th scope="col">Browser</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="list/session">
                <tr>
                  <td>
                    <xsl:value-of select="@started"/>
                    <xsl:if test="@current = 'true'">
                      <xsl:text> </xsl:text>
                      <strong>(this one)</strong>
                    </xsl:if>
                  </td>
                  <td><xsl:value-of select="@last-active"/></td>
                  <td><xsl:value-of select="@ends"/></td>
                  <td><xsl:value-of select="@address"/></td>
                  <td><xsl:value-of select="@browser"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <p>No active sessions.</p>
      </xsl:otherwise>
    </xsl:choose>

    <form class="form" method="post" action="{@action}">
      <input type="hidden" name="csrf" value="{@csrf}"/>
      <input type="hidden" name="login" value="{@login}"/>
      <div class="form__actions">
        <button type="submit" class="button button--primary">
          <xsl:choose>
            <xsl:when test="$mine">End my other sessions</xsl:when>
            <xsl:otherwise>End all sessions of <xsl:value-of select="@login"/></xsl:otherwise>
          </xsl:choose>
        </button>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
