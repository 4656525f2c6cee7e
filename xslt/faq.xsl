<?xml version="1.0" encoding="UTF-8"?>
<!--
  faq.xsl - frequently asked questions (page faq), for everyone:
  GET /helpdesk/faq[?q=words][&category=name].  A search box, the
  categories to narrow by, then the questions by category; each answer
  opens under its question (details/summary: no script), all of them
  open when they are a search's results.
  Input: /helpdesk/faq @q @category @action @all-href
    topics/topic @name @entries @href @current (every category)
    categories/category @name, entry @id @question and the answer as
    <text> (formatted text, mode="rich-text" in layout.xsl)
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:variable name="faq" select="/helpdesk/faq"/>
  <xsl:variable name="searching" select="normalize-space($faq/@q) != ''"/>

  <xsl:template match="/helpdesk" mode="title">Frequently asked questions</xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <div class="page-header">
      <h1 class="page-title">Frequently asked questions</h1>
      <p class="lead">Answers to what people ask the service desk most. Not there? <a href="{$base}/tickets/new">Log a ticket</a>.</p>
    </div>

    <form class="faq-search" method="get" action="{$faq/@action}" role="search" aria-label="Search the questions">
      <div class="field faq-search__field">
        <label class="field__label" for="faq-q">Search the questions and answers</label>
        <input class="input" id="faq-q" name="q" type="search" value="{$faq/@q}" maxlength="200"/>
      </div>
      <xsl:if test="normalize-space($faq/@category)">
        <input type="hidden" name="category" value="{$faq/@category}"/>
      </xsl:if>
      <button type="submit" class="button button--primary faq-search__button">Search</button>
    </form>

    <xsl:if test="$faq/topics/topic">
      <nav class="faq-topics" aria-label="Categories">
        <ul class="faq-topics__list">
          <li class="faq-topics__item">
            <a class="faq-topics__link" href="{$faq/@all-href}">
              <xsl:if test="not(normalize-space($faq/@category))">
                <xsl:attribute name="aria-current">page</xsl:attribute>
              </xsl:if>
              <xsl:text>All</xsl:text>
            </a>
          </li>
          <xsl:for-each select="$faq/topics/topic">
            <li class="faq-topics__item">
              <a class="faq-topics__link" href="{@href}">
                <xsl:if test="@current = 'true'">
                  <xsl:attribute name="aria-current">page</xsl:attribute>
                </xsl:if>
                <xsl:value-of select="@name"/>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </nav>
    </xsl:if>

    <xsl:if test="$searching">
      <p class="faq-found" role="status">
        <xsl:variable name="n" select="count($faq/categories/category/entry)"/>
        <xsl:choose>
          <xsl:when test="$n = 0">No question matches “</xsl:when>
          <xsl:when test="$n = 1">1 question matches “</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/> questions match “</xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="$faq/@q"/>
        <xsl:text>”</xsl:text>
        <xsl:if test="normalize-space($faq/@category)">
          <xsl:text> in </xsl:text><xsl:value-of select="$faq/@category"/>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </p>
    </xsl:if>

    <xsl:choose>
      <xsl:when test="$faq/categories/category">
        <xsl:apply-templates select="$faq/categories/category"/>
      </xsl:when>
      <xsl:when test="not($searching)">
        <p class="panel__empty">There are no questions here yet.</p>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="category">
    <section class="faq-category" aria-labelledby="faq-cat-{position()}">
      <h2 class="faq-category__title" id="faq-cat-{position()}"><xsl:value-of select="@name"/></h2>
      <div class="faq-category__entries">
        <xsl:apply-templates select="entry"/>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="entry">
    <details class="faq-entry" id="faq-{@id}">
      <xsl:if test="$searching">
        <xsl:attribute name="open"></xsl:attribute>
      </xsl:if>
      <summary class="faq-entry__question"><xsl:value-of select="@question"/></summary>
      <div class="faq-entry__answer">
        <xsl:apply-templates select="text" mode="rich-text"/>
      </div>
    </details>
  </xsl:template>

</xsl:stylesheet>
