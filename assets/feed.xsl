<?xml version="1.0" encoding="utf-8"?>
<!-- presseradar: shows an RSS 2.0 or Atom feed opened in a browser as a readable German
     page with a note on how to subscribe. Feed readers ignore it and read the feed. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" indent="yes"/>

  <xsl:template match="/">
    <html lang="de">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="rss/channel/title | atom:feed/atom:title"/> · Feed von presseradar</title>
        <style>
          body{font-family:system-ui,sans-serif;color:#1f2328;max-width:48rem;margin:0 auto;padding:1rem 1.25rem 3rem;line-height:1.5}
          .note{background:#eef5fc;border:1px solid #b6d3ee;border-radius:.4rem;padding:.6rem .9rem}
          .note code{word-break:break-all;background:#fff;padding:0 .2rem}
          ol{padding-left:1.3rem} li{margin:.5rem 0} .when{color:#59636e;font-size:.9rem}
        </style>
      </head>
      <body>
        <xsl:apply-templates select="rss/channel | atom:feed"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="note">
    <xsl:param name="kind"/>
    <div class="note">
      <h2>So abonnieren Sie diesen Feed</h2>
      <p>Dies ist ein <xsl:value-of select="$kind"/>-Feed: Er ist für Feedreader gedacht. Kopieren Sie die
        Adresse aus der Adresszeile Ihres Browsers und fügen Sie sie in Ihren Feedreader ein
        (zum Beispiel Thunderbird, Feedly, Inoreader oder NetNewsWire) – neue Meldungen erscheinen
        dort dann von selbst.</p>
      <p><a href="/">Alle Feeds von presseradar</a></p>
    </div>
  </xsl:template>

  <xsl:template match="rss/channel">
    <h1><xsl:value-of select="title"/></h1>
    <p><xsl:value-of select="description"/></p>
    <xsl:call-template name="note"><xsl:with-param name="kind">RSS</xsl:with-param></xsl:call-template>
    <h2>Neueste Meldungen</h2>
    <ol>
      <xsl:for-each select="item">
        <li>
          <a href="{link}"><xsl:value-of select="title"/></a><br/>
          <span class="when"><xsl:value-of select="pubDate"/></span>
        </li>
      </xsl:for-each>
    </ol>
  </xsl:template>

  <xsl:template match="atom:feed">
    <h1><xsl:value-of select="atom:title"/></h1>
    <p><xsl:value-of select="atom:subtitle"/></p>
    <xsl:call-template name="note"><xsl:with-param name="kind">Atom</xsl:with-param></xsl:call-template>
    <h2>Neueste Meldungen</h2>
    <ol>
      <xsl:for-each select="atom:entry">
        <li>
          <a href="{atom:link[@rel='alternate' or not(@rel)][1]/@href}"><xsl:value-of select="atom:title"/></a><br/>
          <span class="when"><xsl:value-of select="substring(atom:published, 1, 10)"/></span>
        </li>
      </xsl:for-each>
    </ol>
  </xsl:template>
</xsl:stylesheet>
