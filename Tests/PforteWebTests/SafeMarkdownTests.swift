import Testing

@testable import PforteWeb

/// The Markdown subset of the legal and help pages: what it renders, and that nothing else —
/// raw HTML, event handlers, script URLs — reaches the page as markup.
@Suite struct SafeMarkdownTests {
    @Test func headingsParagraphsListsAndTables() {
        let rendered = SafeMarkdown.render("""
        # Impressum

        Verantwortlich: **Amt24**, siehe [Hilfe](/hilfe) und
        [Mail](mailto:info@amt24.example).

        ## Regeln für das Passwort
        - eins
        - zwei mit `code`
          1. innen
        - drei

        | Passwort | geht? |
        |---|---|
        | `Gartenzaun42` | ja |
        """)
        #expect(rendered.hasHeadingOne && rendered.title == "Impressum")
        #expect(rendered.html.contains(#"<h1 id="impressum">Impressum</h1>"#))
        #expect(rendered.html.contains(#"<p>Verantwortlich: <strong>Amt24</strong>, siehe <a href="/hilfe">Hilfe</a> und <a href="mailto:info@amt24.example">Mail</a>.</p>"#))
        #expect(rendered.html.contains(#"<h2 id="regeln-für-das-passwort">"#))
        #expect(rendered.html.contains("<li>zwei mit <code>code</code>\n<ol>\n<li>innen</li>\n</ol>\n</li>"))
        #expect(rendered.html.contains("<li>drei</li>"))
        #expect(rendered.html.contains(#"<th scope="col">Passwort</th>"#) && rendered.html.contains("<td><code>Gartenzaun42</code></td>"))
    }

    @Test func aTextWithoutATopHeadingSaysSo() {
        let rendered = SafeMarkdown.render("Nur ein Absatz.")
        #expect(!rendered.hasHeadingOne && rendered.title == nil)
        #expect(rendered.html == "<p>Nur ein Absatz.</p>\n")
    }

    @Test(arguments: [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "## <svg onload=alert(1)>",
        "- <iframe src=\"https://evil.example\"></iframe>",
        "| <b onmouseover=alert(1)>x</b> |\n|---|\n| <script>x</script> |",
        "`</code><script>alert(1)</script>`",
        "**<a href=\"javascript:alert(1)\">x</a>**",
    ])
    func rawHTMLIsShownAsText(_ source: String) {
        let html = SafeMarkdown.render(source).html
        for markup in ["<script", "<img", "<svg", "<iframe", "<b ", "<a href=\"javascript"] {
            #expect(!html.contains(markup), "\(markup) in \(html)")
        }
        #expect(html.contains("&lt;"))
    }

    @Test(arguments: [
        "[x](javascript:alert(1))", "[x](JavaScript:alert(1))", "[x](  javascript:alert(1))", "[x](data:text/html,<script>)",
        "[x](vbscript:msgbox)", "[x](//evil.example/)", "[x](https://a.example/\"onmouseover=\"alert(1))",
        "[x](java\u{0}script:alert(1))", "[x](relative/path)",
    ])
    func aLinkToAnythingButTheAllowedSchemesLosesItsTarget(_ source: String) {
        let html = SafeMarkdown.render(source).html
        #expect(!html.contains("<a "), "\(html)")
        #expect(html.hasPrefix("<p>x"))
    }

    @Test func allowedTargetsStay() {
        for target in ["https://amt24.example/kontakt", "http://amt24.example", "mailto:a@b.example", "tel:+4930123", "/hilfe", "#feedback"] {
            #expect(SafeMarkdownInline.allowedTarget(target) == target)
        }
    }

    @Test func attributeCharactersAreEscapedEverywhere() {
        #expect(SafeMarkdown.render("\"quoted\" & 'single'").html == "<p>&quot;quoted&quot; &amp; &apos;single&apos;</p>\n")
        #expect(SafeMarkdown.render("# a\"b").html.contains(#"id="ab""#))
    }
}
