<?xml version="1.0" encoding="UTF-8"?>
<!--
  desk-content.xsl - what the desk's content pages share (desk-news.xsl,
  desk-faq.xsl, desk-maintenance.xsl import it; it imports layout.xsl):
  they belong to the Desk section, have the same "Manage" tabs, say what
  was just done (@done on the page element: created, saved, deleted,
  cancelled), and build their fields the same way.

  A form element (news-form, faq-form, maintenance-form) holds
  @action @csrf @mode (new | edit), values/@<field> (what the form shows:
  the item, or what was sent) and errors/error (@field @message).
  Field ids are $prefix + the field name, so the error summary links to
  them; every control has its label.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:variable name="nav-current" select="'desk'"/>

  <!-- The service desk's content pages, as tabs under the title. -->
  <xsl:template name="manage-nav">
    <xsl:param name="current"/>
    <nav class="manage-nav" aria-label="Manage">
      <ul class="manage-nav__list">
        <xsl:call-template name="manage-nav-item">
          <xsl:with-param name="key" select="'news'"/>
          <xsl:with-param name="label" select="'News'"/>
          <xsl:with-param name="current" select="$current"/>
        </xsl:call-template>
        <xsl:call-template name="manage-nav-item">
          <xsl:with-param name="key" select="'faq'"/>
          <xsl:with-param name="label" select="'FAQ'"/>
          <xsl:with-param name="current" select="$current"/>
        </xsl:call-template>
        <xsl:call-template name="manage-nav-item">
          <xsl:with-param name="key" select="'maintenance'"/>
          <xsl:with-param name="label" select="'Planned maintenance'"/>
          <xsl:with-param name="current" select="$current"/>
        </xsl:call-template>
      </ul>
    </nav>
  </xsl:template>

  <xsl:template name="manage-nav-item">
    <xsl:param name="key"/>
    <xsl:param name="label"/>
    <xsl:param name="current"/>
    <li class="manage-nav__item">
      <a class="manage-nav__link" href="{$base}/desk/{$key}">
        <xsl:if test="$key = $current">
          <xsl:attribute name="aria-current">page</xsl:attribute>
        </xsl:if>
        <xsl:value-of select="$label"/>
      </a>
    </li>
  </xsl:template>

  <!-- The page's header: back to the console, the title, the tabs. -->
  <xsl:template name="manage-header">
    <xsl:param name="current"/>
    <xsl:param name="title"/>
    <xsl:param name="lead"/>
    <div class="page-header">
      <p class="breadcrumbs"><a href="{$base}/desk">Service desk</a></p>
      <h1 class="page-title"><xsl:value-of select="$title"/></h1>
      <p class="lead"><xsl:value-of select="$lead"/></p>
    </div>
    <xsl:call-template name="manage-nav">
      <xsl:with-param name="current" select="$current"/>
    </xsl:call-template>
  </xsl:template>

  <!-- "Published." after the 303 of a change. -->
  <xsl:template name="done-notice">
    <xsl:param name="thing"/>
    <xsl:variable name="done" select="string(/helpdesk/*[@done][1]/@done)"/>
    <xsl:if test="$done != ''">
      <div class="notice notice--success" role="status">
        <p class="notice__text">
          <xsl:value-of select="$thing"/>
          <xsl:choose>
            <xsl:when test="$done = 'created'"> added.</xsl:when>
            <xsl:when test="$done = 'saved'"> saved.</xsl:when>
            <xsl:when test="$done = 'deleted'"> deleted.</xsl:when>
            <xsl:when test="$done = 'cancelled'"> cancelled: it no longer shows anywhere.</xsl:when>
          </xsl:choose>
        </p>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- One text field (rows = 0: an input; more: a textarea). -->
  <xsl:template name="content-field">
    <xsl:param name="form"/>
    <xsl:param name="prefix"/>
    <xsl:param name="field"/>
    <xsl:param name="label"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="maxlength" select="''"/>
    <xsl:param name="required" select="false()"/>
    <xsl:param name="rows" select="0"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="size" select="''"/>
    <xsl:param name="inputmode" select="''"/>
    <xsl:param name="list" select="''"/>
    <xsl:variable name="errors" select="$form/errors/error"/>
    <xsl:variable name="value" select="string($form/values/@*[name() = $field])"/>
    <xsl:variable name="id" select="concat($prefix, $field)"/>
    <xsl:variable name="hint-id">
      <xsl:if test="$hint != ''"><xsl:value-of select="concat($id, '-hint')"/></xsl:if>
    </xsl:variable>
    <div>
      <xsl:attribute name="class">
        <xsl:text>field</xsl:text>
        <xsl:if test="$errors[normalize-space(@field) = $field]"> field--error</xsl:if>
      </xsl:attribute>
      <label class="field__label" for="{$id}"><xsl:value-of select="$label"/></label>
      <xsl:if test="$hint != ''">
        <p class="field__hint" id="{$hint-id}"><xsl:value-of select="$hint"/></p>
      </xsl:if>
      <xsl:call-template name="field-error">
        <xsl:with-param name="errors" select="$errors"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="field" select="$field"/>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="$rows &gt; 0">
          <textarea class="input textarea" id="{$id}" name="{$field}" rows="{$rows}">
            <xsl:call-template name="content-field-attributes">
              <xsl:with-param name="errors" select="$errors"/>
              <xsl:with-param name="prefix" select="$prefix"/>
              <xsl:with-param name="field" select="$field"/>
              <xsl:with-param name="hint-id" select="$hint-id"/>
              <xsl:with-param name="maxlength" select="$maxlength"/>
              <xsl:with-param name="required" select="$required"/>
            </xsl:call-template>
            <xsl:text>&#10;</xsl:text>
            <xsl:value-of select="$value"/>
          </textarea>
        </xsl:when>
        <xsl:otherwise>
          <input id="{$id}" name="{$field}" type="{$type}" value="{$value}" autocomplete="off">
            <xsl:attribute name="class">
              <xsl:text>input</xsl:text>
              <xsl:if test="$size != ''"><xsl:value-of select="concat(' input--', $size)"/></xsl:if>
            </xsl:attribute>
            <xsl:if test="$inputmode != ''">
              <xsl:attribute name="inputmode"><xsl:value-of select="$inputmode"/></xsl:attribute>
            </xsl:if>
            <xsl:if test="$list != ''">
              <xsl:attribute name="list"><xsl:value-of select="$list"/></xsl:attribute>
            </xsl:if>
            <xsl:call-template name="content-field-attributes">
              <xsl:with-param name="errors" select="$errors"/>
              <xsl:with-param name="prefix" select="$prefix"/>
              <xsl:with-param name="field" select="$field"/>
              <xsl:with-param name="hint-id" select="$hint-id"/>
              <xsl:with-param name="maxlength" select="$maxlength"/>
              <xsl:with-param name="required" select="$required"/>
            </xsl:call-template>
          </input>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <xsl:template name="content-field-attributes">
    <xsl:param name="errors"/>
    <xsl:param name="prefix"/>
    <xsl:param name="field"/>
    <xsl:param name="hint-id"/>
    <xsl:param name="maxlength"/>
    <xsl:param name="required"/>
    <xsl:if test="$maxlength != ''">
      <xsl:attribute name="maxlength"><xsl:value-of select="$maxlength"/></xsl:attribute>
    </xsl:if>
    <xsl:if test="$required">
      <xsl:attribute name="required"></xsl:attribute>
    </xsl:if>
    <xsl:call-template name="described-by">
      <xsl:with-param name="errors" select="$errors"/>
      <xsl:with-param name="prefix" select="$prefix"/>
      <xsl:with-param name="field" select="$field"/>
      <xsl:with-param name="hint" select="$hint-id"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A one-button form: delete, cancel. -->
  <xsl:template name="button-form">
    <xsl:param name="action"/>
    <xsl:param name="csrf"/>
    <xsl:param name="label"/>
    <xsl:param name="what"/>
    <form class="inline-form" method="post" action="{$action}">
      <input type="hidden" name="csrf" value="{$csrf}"/>
      <button type="submit" class="button button--secondary button--danger-text button--small">
        <xsl:value-of select="$label"/>
        <span class="visually-hidden">
          <xsl:text>: </xsl:text>
          <xsl:value-of select="$what"/>
        </span>
      </button>
    </form>
  </xsl:template>

</xsl:stylesheet>
