extension String {
    /// The string without leading and trailing whitespace (Unicode's definition, so no-break
    /// spaces and line breaks too): surrounding blanks in a form field are typing artefacts.
    var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// The words of the string joined by single spaces: trimmed, with every inner run of
    /// whitespace collapsed to one space.
    var collapsingWhitespace: String {
        split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
