/// The document around a self-contained HTML report (audit, compare): doctype, a content security
/// policy that allows no script and nothing from outside, the inline stylesheet, and `<main>`.
///
/// One function, so every report file a user mails or archives carries the same policy.
enum ReportDocument {
    /// The whole page.
    ///
    /// - Parameters:
    ///   - title: The `<title>`, plain text (escaped here).
    ///   - stylesheet: The page's CSS.
    ///   - main: The content of `<main>`: the header, sections and footer.
    /// - Returns: The page, starting with `<!DOCTYPE html>` and ending with a newline.
    static func page(title: String, stylesheet: HTML, main: HTML) -> String {
        let page: HTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <title>\(title)</title>
            <style>\(stylesheet)</style>
            </head>
            <body>
            <main>
            \(main)
            </main>
            </body>
            </html>

            """
        return page.markup
    }
}
