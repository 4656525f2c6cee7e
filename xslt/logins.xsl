<?xml version="1.0" encoding="UTF-8"?>
<!--
  logins.xsl - a supervisor's list of the people of their organisation
  (GET /helpdesk/logins[?q=], page_logins.c): contact details, open and
  total tickets they requested, last login; searched by name, login or
  e-mail.
  Input: /helpdesk/logins @organisation @q @action @count @total
    @last-login-from ("logins": people.last_login_at, written by every
    login), people/person @login @name @mail @phone @has-mail @href
    @open-tickets @total-tickets @last-login ("" when never)
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:template match="/helpdesk" mode="title">Logins of <xsl:value-of select="logins/@organisation"/></xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:apply-templates select="logins"/>
  </xsl:template>

  <xsl:template match="logins">
    <h1 class="page-title">
      <xsl:apply-templates select="/helpdesk" mode="title"/>
    </h1>
    <p>The people of <xsl:value-of select="@organisation"/> in the staff directory. Open the details of a login to send them a temporary password.</p>

    <form class="form form--inline" method="get" action="{@action}" role="search">
      <div class="field">
        <label class="field__label" for="logins-q">Search name, login or e-mail</label>
        <input class="input" id="logins-q" name="q" type="search" value="{@q}"
               autocapitalize="none" spellcheck="false"/>
      </div>
      <button type="submit" class="button button--secondary">Search</button>
    </form>

    <p role="status">
      <xsl:choose>
        <xsl:when test="normalize-space(@q) != ''">
          <xsl:value-of select="concat(@count, ' of ', @total, ' matching “', @q, '”')"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="concat(@count, ' people')"/></xsl:otherwise>
      </xsl:choose>
    </p>

    <xsl:choose>
      <xsl:when test="people/person">
        <div class="table-wrap" role="region" aria-labelledby="logins-caption" tabindex="0">
          <table class="ticket-table">
            <caption id="logins-caption">Logins of <xsl:value-of select="@organisation"/></caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Login</th>
                <th scope="col">E-mail</th>
                <th scope="col">Phone</th>
                <th scope="col">Open tickets</th>
                <th scope="col">All tickets</th>
                <th scope="col">Last login</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="people/person">
                <tr>
                  <td><a href="{@href}"><xsl:value-of select="@name"/></a></td>
                  <td><xsl:value-of select="@login"/></td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="@has-mail = 'true'"><a href="mailto:{@mail}"><xsl:value-of select="@mail"/></a></xsl:when>
                      <xsl:otherwise>No e-mail address</xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td><xsl:value-of select="@phone"/></td>
                  <td><xsl:value-of select="@open-tickets"/></td>
                  <td><xsl:value-of select="@total-tickets"/></td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="normalize-space(@last-login) != ''">
                        <xsl:call-template name="datetime"><xsl:with-param name="value" select="@last-login"/></xsl:call-template>
                      </xsl:when>
                      <xsl:otherwise>—</xsl:otherwise>
                    </xsl:choose>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <p>Nobody matches.</p>
      </xsl:otherwise>
    </xsl:choose>
    <p class="field__hint">Last login: when the person last logged in to the portal; “—” means never since the portal began keeping it.</p>
  </xsl:template>

</xsl:stylesheet>
