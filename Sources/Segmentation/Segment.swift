/// A sentence (or heading, list item...) of a text, with its place in the text.
public struct Segment: Sendable, Hashable {
    /// 0-based index of the line (paragraph) holding the segment. Every line break starts
    /// a new line, blank lines included, so `paragraph + 1` is the line number in a file.
    public var paragraph: Int
    /// 0-based position of the segment among all segments of the text.
    public var index: Int
    /// Where the segment is in the text, in Unicode code points (scalars) from its
    /// start, end-exclusive. Surrounding whitespace is not part of a segment.
    public var range: Range<Int>
    /// The segment's text: exactly the text's scalars in `range`.
    public var text: String

    public init(paragraph: Int, index: Int, range: Range<Int>, text: String) {
        self.paragraph = paragraph
        self.index = index
        self.range = range
        self.text = text
    }
}
