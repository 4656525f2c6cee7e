<?xml version="1.0" encoding="UTF-8"?>
<!--
  desk-maintenance.xsl - the desk's planned maintenance (page
  desk-maintenance, agents only): GET /helpdesk/desk/maintenance.  The
  form plans a window over services; below it the windows running, those
  to come and those of the last 90 days, each still to end with Cancel.
  Input: /helpdesk/desk-maintenance @done
    maintenance-form @mode @action @csrf, values @title @body @starts
      @ends, services/service @id @code @name @selected, errors/error
    maintenances/maintenance @id @title @body @starts @ends
      @state (upcoming | active | past) @created-by [@cancel-action
      @cancel-csrf], services/service @id @code @name
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="desk-content.xsl"/>

  <xsl:variable name="form" select="/helpdesk/desk-maintenance/maintenance-form"/>
  <xsl:variable name="errors" select="$form/errors/error"/>
  <xsl:variable name="p" select="'m-'"/>

  <xsl:template match="/helpdesk" mode="title">
    <xsl:if test="$errors">Error: </xsl:if>
    <xsl:text>Planned maintenance</xsl:text>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:call-template name="manage-header">
      <xsl:with-param name="current" select="'maintenance'"/>
      <xsl:with-param name="title" select="'Planned maintenance'"/>
      <xsl:with-param name="lead" select="'Work announced ahead on the services’ pages; while it runs the services show Maintenance by themselves. Subscribers hear of it.'"/>
    </xsl:call-template>
    <xsl:call-template name="done-notice">
      <xsl:with-param name="thing" select="'Maintenance'"/>
    </xsl:call-template>
    <xsl:call-template name="error-summary">
      <xsl:with-param name="errors" select="$errors"/>
      <xsl:with-param name="prefix" select="$p"/>
      <xsl:with-param name="fields" select="' title body starts ends service '"/>
      <xsl:with-param name="fallback" select="'maintenance-form'"/>
    </xsl:call-template>
    <div class="content-layout">
      <xsl:apply-templates select="$form"/>
      <xsl:apply-templates select="desk-maintenance/maintenances"/>
    </div>
  </xsl:template>

  <xsl:template match="maintenance-form">
    <section class="panel content-form" aria-labelledby="maintenance-form-title">
      <h2 class="panel__title" id="maintenance-form-title">Plan maintenance</h2>
      <form class="form" id="maintenance-form" method="post" action="{@action}">
        <input type="hidden" name="csrf" value="{@csrf}"/>
        <xsl:call-template name="content-field">
          <xsl:with-param name="form" select="."/>
          <xsl:with-param name="prefix" select="$p"/>
          <xsl:with-param name="field" select="'title'"/>
          <xsl:with-param name="label" select="'Title'"/>
          <xsl:with-param name="maxlength" select="'200'"/>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <xsl:call-template name="content-field">
          <xsl:with-param name="form" select="."/>
          <xsl:with-param name="prefix" select="$p"/>
          <xsl:with-param name="field" select="'body'"/>
          <xsl:with-param name="label" select="'What will happen'"/>
          <xsl:with-param name="hint" select="'What people will notice, and what to do meanwhile.'"/>
          <xsl:with-param name="rows" select="5"/>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <div class="field-pair">
          <xsl:call-template name="content-field">
            <xsl:with-param name="form" select="."/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'starts'"/>
            <xsl:with-param name="label" select="'Starts'"/>
            <xsl:with-param name="hint" select="'YYYY-MM-DD HH:MM'"/>
            <xsl:with-param name="size" select="'time'"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <xsl:call-template name="content-field">
            <xsl:with-param name="form" select="."/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'ends'"/>
            <xsl:with-param name="label" select="'Ends'"/>
            <xsl:with-param name="hint" select="'YYYY-MM-DD HH:MM'"/>
            <xsl:with-param name="size" select="'time'"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
        </div>
        <div>
          <xsl:attribute name="class">
            <xsl:text>field</xsl:text>
            <xsl:if test="$errors[normalize-space(@field) = 'service']"> field--error</xsl:if>
          </xsl:attribute>
          <fieldset class="fieldset">
            <xsl:call-template name="described-by">
              <xsl:with-param name="errors" select="$errors"/>
              <xsl:with-param name="prefix" select="$p"/>
              <xsl:with-param name="field" select="'service'"/>
              <xsl:with-param name="invalid" select="false()"/>
            </xsl:call-template>
            <legend class="fieldset__legend">Services affected</legend>
            <xsl:call-template name="field-error">
              <xsl:with-param name="errors" select="$errors"/>
              <xsl:with-param name="prefix" select="$p"/>
              <xsl:with-param name="field" select="'service'"/>
            </xsl:call-template>
            <div class="choices">
              <xsl:for-each select="services/service">
                <xsl:variable name="id">
                  <xsl:choose>
                    <xsl:when test="position() = 1">m-service</xsl:when>
                    <xsl:otherwise><xsl:value-of select="concat('m-service-', @id)"/></xsl:otherwise>
                  </xsl:choose>
                </xsl:variable>
                <div class="choice">
                  <input class="choice__input" id="{$id}" name="service" type="checkbox" value="{@id}">
                    <xsl:if test="@selected = 'true'">
                      <xsl:attribute name="checked">checked</xsl:attribute>
                    </xsl:if>
                  </input>
                  <label class="choice__label" for="{$id}"><xsl:value-of select="@name"/></label>
                </div>
              </xsl:for-each>
            </div>
          </fieldset>
        </div>
        <div class="form__actions button-group">
          <button type="submit" class="button button--primary">Plan maintenance</button>
        </div>
      </form>
    </section>
  </xsl:template>

  <xsl:template match="maintenances">
    <section class="content-list" aria-labelledby="maintenance-list-title">
      <h2 class="content-list__title" id="maintenance-list-title">Running, to come and the last 90 days</h2>
      <xsl:choose>
        <xsl:when test="maintenance">
          <ul class="content-list__items">
            <xsl:apply-templates select="maintenance"/>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="panel__empty">No maintenance planned.</p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="maintenance">
    <li class="content-item" id="maintenance-{@id}">
      <div class="content-item__head">
        <h3 class="content-item__title"><xsl:value-of select="@title"/></h3>
        <span class="badge badge--{@state}">
          <xsl:choose>
            <xsl:when test="@state = 'upcoming'">Upcoming</xsl:when>
            <xsl:when test="@state = 'active'">Running now</xsl:when>
            <xsl:when test="@state = 'past'">Done</xsl:when>
            <xsl:otherwise><xsl:value-of select="@state"/></xsl:otherwise>
          </xsl:choose>
        </span>
      </div>
      <p class="content-item__meta">
        <xsl:call-template name="datetime"><xsl:with-param name="value" select="@starts"/></xsl:call-template>
        <xsl:text> to </xsl:text>
        <xsl:call-template name="datetime"><xsl:with-param name="value" select="@ends"/></xsl:call-template>
      </p>
      <xsl:if test="services/service">
        <p class="content-item__meta">
          <xsl:text>Services: </xsl:text>
          <xsl:for-each select="services/service">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <a href="{$base}/services/{@code}"><xsl:value-of select="@name"/></a>
          </xsl:for-each>
        </p>
      </xsl:if>
      <p class="content-item__body"><xsl:value-of select="@body"/></p>
      <xsl:if test="@cancel-action">
        <div class="content-item__actions button-group">
          <xsl:call-template name="button-form">
            <xsl:with-param name="action" select="@cancel-action"/>
            <xsl:with-param name="csrf" select="@cancel-csrf"/>
            <xsl:with-param name="label" select="'Cancel this maintenance'"/>
            <xsl:with-param name="what" select="@title"/>
          </xsl:call-template>
        </div>
      </xsl:if>
    </li>
  </xsl:template>

</xsl:stylesheet>
