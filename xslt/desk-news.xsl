<?xml version="1.0" encoding="UTF-8"?>
<!--
  desk-news.xsl - the desk's news (page desk-news, agents only):
  GET /helpdesk/desk/news[?edit=ID].  The form publishes a new item, or
  (news-form/@mode = 'edit') changes one; below it every item with its
  state (scheduled, published, expired).
  Input: /helpdesk/desk-news @done
    news-form @mode @action @csrf [@item-id @new-href @delete-action
      @delete-csrf], values @title @body @publish_at @expires_at,
      errors/error @field @message
    items/item @id @title @body @state @publish [@expires] @author
      @updated @edit-href @edit-action @edit-csrf @delete-action @delete-csrf
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="desk-content.xsl"/>

  <xsl:variable name="form" select="/helpdesk/desk-news/news-form"/>
  <xsl:variable name="errors" select="$form/errors/error"/>
  <xsl:variable name="p" select="'n-'"/>

  <xsl:template match="/helpdesk" mode="title">
    <xsl:if test="$errors">Error: </xsl:if>
    <xsl:text>News</xsl:text>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:call-template name="manage-header">
      <xsl:with-param name="current" select="'news'"/>
      <xsl:with-param name="title" select="'News'"/>
      <xsl:with-param name="lead" select="'What everyone reads on Today, from the time you publish it until it expires.'"/>
    </xsl:call-template>
    <xsl:call-template name="done-notice">
      <xsl:with-param name="thing" select="'News item'"/>
    </xsl:call-template>
    <xsl:call-template name="error-summary">
      <xsl:with-param name="errors" select="$errors"/>
      <xsl:with-param name="prefix" select="$p"/>
      <xsl:with-param name="fields" select="' title body publish_at expires_at '"/>
      <xsl:with-param name="fallback" select="'news-form'"/>
    </xsl:call-template>
    <div class="content-layout">
      <xsl:apply-templates select="$form"/>
      <xsl:apply-templates select="desk-news/items"/>
    </div>
  </xsl:template>

  <xsl:template match="news-form">
    <section class="panel content-form" aria-labelledby="news-form-title">
      <h2 class="panel__title" id="news-form-title">
        <xsl:choose>
          <xsl:when test="@mode = 'edit'">Change this news item</xsl:when>
          <xsl:otherwise>Publish news</xsl:otherwise>
        </xsl:choose>
      </h2>
      <form class="form" id="news-form" method="post" action="{@action}">
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
          <xsl:with-param name="label" select="'Text'"/>
          <xsl:with-param name="hint" select="'A blank line starts a paragraph; a line starting with “- ” is a bullet; links are made clickable.'"/>
          <xsl:with-param name="rows" select="6"/>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <div class="field-pair">
          <xsl:call-template name="content-field">
            <xsl:with-param name="form" select="."/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'publish_at'"/>
            <xsl:with-param name="label" select="'Publish at (optional)'"/>
            <xsl:with-param name="hint" select="'YYYY-MM-DD HH:MM. Leave blank to publish now.'"/>
            <xsl:with-param name="size" select="'time'"/>
          </xsl:call-template>
          <xsl:call-template name="content-field">
            <xsl:with-param name="form" select="."/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'expires_at'"/>
            <xsl:with-param name="label" select="'Expires at (optional)'"/>
            <xsl:with-param name="hint" select="'YYYY-MM-DD HH:MM. Leave blank to keep it showing.'"/>
            <xsl:with-param name="size" select="'time'"/>
          </xsl:call-template>
        </div>
        <div class="form__actions button-group">
          <button type="submit" class="button button--primary">
            <xsl:choose>
              <xsl:when test="@mode = 'edit'">Save changes</xsl:when>
              <xsl:otherwise>Publish</xsl:otherwise>
            </xsl:choose>
          </button>
          <xsl:if test="@mode = 'edit'">
            <a class="button-link" href="{@new-href}">Cancel</a>
          </xsl:if>
        </div>
      </form>
      <xsl:if test="@mode = 'edit'">
        <div class="content-form__delete">
          <xsl:call-template name="button-form">
            <xsl:with-param name="action" select="@delete-action"/>
            <xsl:with-param name="csrf" select="@delete-csrf"/>
            <xsl:with-param name="label" select="'Delete this news item'"/>
            <xsl:with-param name="what" select="../items/item[@id = current()/@item-id]/@title"/>
          </xsl:call-template>
        </div>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="items">
    <section class="content-list" aria-labelledby="news-list-title">
      <h2 class="content-list__title" id="news-list-title">All news</h2>
      <xsl:choose>
        <xsl:when test="item">
          <ul class="content-list__items">
            <xsl:apply-templates select="item"/>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="panel__empty">No news yet.</p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="item">
    <li class="content-item" id="news-{@id}">
      <div class="content-item__head">
        <h3 class="content-item__title"><xsl:value-of select="@title"/></h3>
        <span class="badge badge--{@state}">
          <xsl:choose>
            <xsl:when test="@state = 'scheduled'">Scheduled</xsl:when>
            <xsl:when test="@state = 'published'">Published</xsl:when>
            <xsl:when test="@state = 'expired'">Expired</xsl:when>
            <xsl:otherwise><xsl:value-of select="@state"/></xsl:otherwise>
          </xsl:choose>
        </span>
      </div>
      <p class="content-item__meta">
        <xsl:choose>
          <xsl:when test="@state = 'scheduled'">Publishes </xsl:when>
          <xsl:otherwise>Published </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="datetime"><xsl:with-param name="value" select="@publish"/></xsl:call-template>
        <xsl:choose>
          <xsl:when test="@expires and @state = 'expired'">
            <xsl:text>, expired </xsl:text>
            <xsl:call-template name="datetime"><xsl:with-param name="value" select="@expires"/></xsl:call-template>
          </xsl:when>
          <xsl:when test="@expires">
            <xsl:text>, until </xsl:text>
            <xsl:call-template name="datetime"><xsl:with-param name="value" select="@expires"/></xsl:call-template>
          </xsl:when>
          <xsl:otherwise>, no end</xsl:otherwise>
        </xsl:choose>
        <xsl:if test="normalize-space(@author)">
          <xsl:text> · by </xsl:text><xsl:value-of select="@author"/>
        </xsl:if>
      </p>
      <p class="content-item__body"><xsl:value-of select="@body"/></p>
      <div class="content-item__actions button-group">
        <a class="button button--secondary button--small" href="{@edit-href}#news-form">
          <xsl:text>Edit</xsl:text>
          <span class="visually-hidden">: <xsl:value-of select="@title"/></span>
        </a>
        <xsl:call-template name="button-form">
          <xsl:with-param name="action" select="@delete-action"/>
          <xsl:with-param name="csrf" select="@delete-csrf"/>
          <xsl:with-param name="label" select="'Delete'"/>
          <xsl:with-param name="what" select="@title"/>
        </xsl:call-template>
      </div>
    </li>
  </xsl:template>

</xsl:stylesheet>
