import FileIO

/// A rejected benchmark input: the file, the line (text formats) or record (binary formats), the
/// field, and what is wrong. `description` is one line: `file:line 12: field 'ops': unknown operation …`.
public struct BenchmarkError: FileError, Equatable, Sendable {
    public let file: String
    /// 1-based line number (the header is line 1), for text formats.
    public let line: Int?
    /// 0-based record number, for record formats (e.g. TFRecord).
    public let record: Int?
    public let field: String?
    public let message: String

    public init(file: String, line: Int? = nil, record: Int? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.record = record
        self.field = field
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let record { text += ": record \(record)" }
        if let field { text += ": field '\(excerpt(field))'" }
        return text + ": " + singleLine(message)
    }
}
