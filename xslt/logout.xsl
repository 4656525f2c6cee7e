<?xml version="1.0" encoding="UTF-8"?>
<!--
  logout.xsl - "Log out?" (GET /helpdesk/logout).  Opening the address never
  logs anyone out (an image on another site could open it); the buttons post
  with the form's token.  Input: /helpdesk/logout with @action and @csrf.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:template match="/helpdesk" mode="title">Log out</xsl:template>

  <xsl:template match="/helpdesk" mode="main-class">main--narrow</xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:apply-templates select="logout"/>
  </xsl:template>

  <xsl:template match="logout">
    <section class="panel" aria-labelledby="logout-title">
      <h1 class="page-title" id="logout-title">Log out</h1>
      <p>Log out of this browser, or end every session you have on any computer or phone
        (for example when you have used a shared computer or lost a device).</p>
      <form class="form" method="post" action="{@action}">
        <input type="hidden" name="csrf" value="{@csrf}"/>
        <div class="form__actions">
          <button type="submit" class="button button--primary">Log out</button>
          <xsl:text> </xsl:text>
          <button type="submit" class="button button--secondary" name="everywhere" value="1">Log out everywhere</button>
        </div>
      </form>
      <p><a href="{/helpdesk/@base}/sessions">Where am I logged in?</a></p>
    </section>
  </xsl:template>

</xsl:stylesheet>
