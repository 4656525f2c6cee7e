<?xml version="1.0" encoding="UTF-8"?>
<!--
  desk-faq.xsl - the desk's frequently asked questions (page desk-faq,
  agents only): GET /helpdesk/desk/faq[?edit=ID].  The form adds an
  entry, or (faq-form/@mode = 'edit') changes one; below it every entry,
  by category in the order the FAQ page shows them.
  Input: /helpdesk/desk-faq @done
    faq-form @mode @action @csrf [@item-id @new-href @delete-action
      @delete-csrf], values @question @answer @category @sort_order,
      categories/category @name (those in use), errors/error
    entries/entry @id @question @answer @category @sort-order @updated
      @edit-href @edit-action @edit-csrf @delete-action @delete-csrf
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="desk-content.xsl"/>

  <xsl:variable name="form" select="/helpdesk/desk-faq/faq-form"/>
  <xsl:variable name="errors" select="$form/errors/error"/>
  <xsl:variable name="p" select="'q-'"/>

  <xsl:template match="/helpdesk" mode="title">
    <xsl:if test="$errors">Error: </xsl:if>
    <xsl:text>Frequently asked questions</xsl:text>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:call-template name="manage-header">
      <xsl:with-param name="current" select="'faq'"/>
      <xsl:with-param name="title" select="'Frequently asked questions'"/>
      <xsl:with-param name="lead" select="'Answers everyone can read and search on the FAQ page; the first few by position also show on Today.'"/>
    </xsl:call-template>
    <xsl:call-template name="done-notice">
      <xsl:with-param name="thing" select="'Question'"/>
    </xsl:call-template>
    <xsl:call-template name="error-summary">
      <xsl:with-param name="errors" select="$errors"/>
      <xsl:with-param name="prefix" select="$p"/>
      <xsl:with-param name="fields" select="' question answer category sort_order '"/>
      <xsl:with-param name="fallback" select="'faq-form'"/>
    </xsl:call-template>
    <div class="content-layout">
      <xsl:apply-templates select="$form"/>
      <xsl:apply-templates select="desk-faq/entries"/>
    </div>
  </xsl:template>

  <xsl:template match="faq-form">
    <section class="panel content-form" aria-labelledby="faq-form-title">
      <h2 class="panel__title" id="faq-form-title">
        <xsl:choose>
          <xsl:when test="@mode = 'edit'">Change this question</xsl:when>
          <xsl:otherwise>Add a question</xsl:otherwise>
        </xsl:choose>
      </h2>
      <form class="form" id="faq-form" method="post" action="{@action}">
        <input type="hidden" name="csrf" value="{@csrf}"/>
        <xsl:call-template name="content-field">
          <xsl:with-param name="form" select="."/>
          <xsl:with-param name="prefix" select="$p"/>
          <xsl:with-param name="field" select="'question'"/>
          <xsl:with-param name="label" select="'Question'"/>
          <xsl:with-param name="maxlength" select="'300'"/>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <xsl:call-template name="content-field">
          <xsl:with-param name="form" select="."/>
          <xsl:with-param name="prefix" select="$p"/>
          <xsl:with-param name="field" select="'answer'"/>
          <xsl:with-param name="label" select="'Answer'"/>
          <xsl:with-param name="hint" select="'A blank line starts a paragraph; a line starting with “- ” is a bullet; links are made clickable.'"/>
          <xsl:with-param name="rows" select="6"/>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <div class="field-pair">
          <xsl:call-template name="content-field">
            <xsl:with-param name="form" select="."/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'category'"/>
            <xsl:with-param name="label" select="'Category'"/>
            <xsl:with-param name="hint" select="'Questions are grouped by it, for example E-mail.'"/>
            <xsl:with-param name="maxlength" select="'80'"/>
            <xsl:with-param name="required" select="true()"/>
            <xsl:with-param name="list" select="'q-categories'"/>
          </xsl:call-template>
          <xsl:call-template name="content-field">
            <xsl:with-param name="form" select="."/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'sort_order'"/>
            <xsl:with-param name="label" select="'Position'"/>
            <xsl:with-param name="hint" select="'A whole number: smaller numbers come first.'"/>
            <xsl:with-param name="size" select="'number'"/>
            <xsl:with-param name="inputmode" select="'numeric'"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
        </div>
        <xsl:if test="categories/category">
          <datalist id="q-categories">
            <xsl:for-each select="categories/category">
              <option value="{@name}"/>
            </xsl:for-each>
          </datalist>
        </xsl:if>
        <div class="form__actions button-group">
          <button type="submit" class="button button--primary">
            <xsl:choose>
              <xsl:when test="@mode = 'edit'">Save changes</xsl:when>
              <xsl:otherwise>Add question</xsl:otherwise>
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
            <xsl:with-param name="label" select="'Delete this question'"/>
            <xsl:with-param name="what" select="../entries/entry[@id = current()/@item-id]/@question"/>
          </xsl:call-template>
        </div>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="entries">
    <section class="content-list" aria-labelledby="faq-list-title">
      <h2 class="content-list__title" id="faq-list-title">All questions</h2>
      <xsl:choose>
        <xsl:when test="entry">
          <ul class="content-list__items">
            <xsl:apply-templates select="entry"/>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="panel__empty">No questions yet.</p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="entry">
    <li class="content-item" id="faq-{@id}">
      <xsl:if test="not(preceding-sibling::entry[1]/@category = @category)">
        <p class="content-item__group"><xsl:value-of select="@category"/></p>
      </xsl:if>
      <div class="content-item__head">
        <h3 class="content-item__title"><xsl:value-of select="@question"/></h3>
        <span class="content-item__order">
          <span class="visually-hidden">Position </span>
          <xsl:value-of select="@sort-order"/>
        </span>
      </div>
      <p class="content-item__body"><xsl:value-of select="@answer"/></p>
      <div class="content-item__actions button-group">
        <a class="button button--secondary button--small" href="{@edit-href}#faq-form">
          <xsl:text>Edit</xsl:text>
          <span class="visually-hidden">: <xsl:value-of select="@question"/></span>
        </a>
        <xsl:call-template name="button-form">
          <xsl:with-param name="action" select="@delete-action"/>
          <xsl:with-param name="csrf" select="@delete-csrf"/>
          <xsl:with-param name="label" select="'Delete'"/>
          <xsl:with-param name="what" select="@question"/>
        </xsl:call-template>
      </div>
    </li>
  </xsl:template>

</xsl:stylesheet>
