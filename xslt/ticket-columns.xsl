<?xml version="1.0" encoding="UTF-8"?>
<!--
  ticket-columns.xsl - "Manage columns" of the ticket list (page
  ticket-columns): for every column K a checkbox show_K (value 1) and a
  select pos_K (1..N), and a separate "Reset to default" form (reset=1).
  See layout.xsl for the layout contract and /helpdesk/columns-form in the
  tickets contract for the input (an optional errors/error list is shown
  as an error summary, e.g. "Choose at least one column.").
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:variable name="nav-current" select="'tickets'"/>

  <xsl:variable name="form" select="/helpdesk/columns-form"/>
  <xsl:variable name="errors" select="$form/errors/error"/>

  <xsl:template match="/helpdesk" mode="title">
    <xsl:if test="/helpdesk/columns-form/errors/error">Error: </xsl:if>
    <xsl:text>Manage columns</xsl:text>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="main-class">main--medium</xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <div class="page-header">
      <p class="breadcrumbs"><a href="{$base}/tickets">Tickets</a></p>
      <h1 class="page-title">Manage columns</h1>
      <p class="lead">Choose which columns your ticket lists show, and in what order.</p>
    </div>

    <xsl:call-template name="error-summary">
      <xsl:with-param name="errors" select="$errors"/>
      <xsl:with-param name="prefix" select="'show-'"/>
      <xsl:with-param name="fallback" select="concat('show-', $form/column[1]/@key)"/>
    </xsl:call-template>

    <xsl:apply-templates select="$form"/>
  </xsl:template>

  <xsl:template match="columns-form">
    <form class="form panel" id="columns-form" method="post" action="{@action}">
      <input type="hidden" name="csrf" value="{@csrf}"/>

      <fieldset class="fieldset column-chooser">
        <xsl:if test="$errors">
          <xsl:attribute name="class">fieldset column-chooser field--error</xsl:attribute>
          <xsl:attribute name="aria-describedby">columns-error</xsl:attribute>
        </xsl:if>
        <legend class="fieldset__legend">Columns</legend>
        <p class="field__hint">Tick the columns to show. Position 1 is the first column on the left; columns with the same position keep the order below.</p>
        <xsl:if test="$errors">
          <p class="field__error" id="columns-error">
            <xsl:for-each select="$errors">
              <span class="field__error-text">
                <span class="visually-hidden">Error: </span>
                <xsl:value-of select="@message"/>
              </span>
            </xsl:for-each>
          </p>
        </xsl:if>

        <div class="column-chooser__head" aria-hidden="true">
          <span>Show column</span>
          <span>Position</span>
        </div>
        <ol class="column-chooser__list">
          <xsl:for-each select="column">
            <xsl:sort select="@position" data-type="number"/>
            <xsl:variable name="key" select="string(@key)"/>
            <xsl:variable name="pos" select="number(@position)"/>
            <li>
              <xsl:attribute name="class">
                <xsl:text>column-chooser__row</xsl:text>
                <xsl:if test="@shown != 'true'"> column-chooser__row--hidden</xsl:if>
              </xsl:attribute>
              <div class="choice column-chooser__show">
                <input class="choice__input" id="show-{$key}" name="show_{$key}" type="checkbox" value="1">
                  <xsl:if test="@shown = 'true'">
                    <xsl:attribute name="checked">checked</xsl:attribute>
                  </xsl:if>
                </input>
                <label class="choice__label" for="show-{$key}"><xsl:value-of select="@label"/></label>
              </div>
              <div class="column-chooser__pos">
                <label class="visually-hidden" for="pos-{$key}">Position of <xsl:value-of select="@label"/></label>
                <select class="input select select--narrow" id="pos-{$key}" name="pos_{$key}">
                  <!-- Options 1..N: one per column. -->
                  <xsl:for-each select="../column">
                    <option value="{position()}">
                      <xsl:if test="position() = $pos">
                        <xsl:attribute name="selected">selected</xsl:attribute>
                      </xsl:if>
                      <xsl:value-of select="position()"/>
                    </option>
                  </xsl:for-each>
                </select>
              </div>
            </li>
          </xsl:for-each>
        </ol>
      </fieldset>

      <div class="form__actions button-group">
        <button type="submit" class="button button--primary">Save columns</button>
        <a class="button-link" href="{$base}/tickets">Cancel</a>
      </div>
    </form>

    <form class="reset-form" method="post" action="{@action}">
      <input type="hidden" name="csrf" value="{@csrf}"/>
      <input type="hidden" name="reset" value="1"/>
      <p class="reset-form__text">
        <span>Start again with the standard columns?</span>
        <xsl:text> </xsl:text>
        <button type="submit" class="button button--secondary button--small">Reset to default</button>
      </p>
    </form>
  </xsl:template>

</xsl:stylesheet>
