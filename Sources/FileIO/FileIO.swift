#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An error about a file the program reads or writes. Every reader of the package throws only
/// errors of this kind for bad input (`BenchmarkError`, `TFRecordError`, `SafeTensors.FormatError`,
/// `RunFolderError`, `FileWriteError`), and their `description` is one line that names the file and,
/// where there is one, the line, record, tensor or key — so a caller (the CLI, the fuzzing harness)
/// can tell a clean rejection from a fault.
public protocol FileError: Error, CustomStringConvertible {
    /// The file's path as the program was given it.
    var file: String { get }
}

/// A file could not be written (or renamed into place).
public struct FileWriteError: FileError {
    public let file: String
    public let message: String
    public init(file: String, _ message: String) { self.file = file; self.message = message }
    public var description: String { "\(file): cannot write: \(message)" }
}

/// At most `limit` characters of `text`, control characters shown as `\u{…}` escapes, with `…` when
/// shortened: how an error quotes the offending input.
public func quotedExcerpt(_ text: Substring, limit: Int = 80) -> String {
    var out = ""
    var shown = 0
    for scalar in text.unicodeScalars {
        if shown == limit { return "\"" + out + "…\"" }
        if scalar.value < 0x20 || scalar.value == 0x7F { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
        shown += 1
    }
    return "\"" + out + "\""
}

/// `text` on one line: line breaks become spaces (an error's description must be one line).
public func singleLine(_ text: String) -> String {
    String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
}

/// `text` as an error shows it inside its own quotes: at most `limit` characters (then `…`),
/// control characters escaped.
public func excerpt(_ text: some StringProtocol, limit: Int = 80) -> String {
    String(quotedExcerpt(Substring(text), limit: limit).dropFirst().dropLast())
}

/// `quotedExcerpt` of raw bytes (decoded as UTF-8, invalid bytes replaced).
public func quotedExcerpt(_ bytes: UnsafeRawBufferPointer, limit: Int = 80) -> String {
    let head = UnsafeRawBufferPointer(rebasing: bytes[0..<min(bytes.count, 4 * limit + 4)])
    let text = String(decoding: head, as: UTF8.self)
    let excerpt = quotedExcerpt(text[...], limit: limit)
    return bytes.count > head.count && !excerpt.hasSuffix("…\"") ? String(excerpt.dropLast()) + "…\"" : excerpt
}

/// Writing files so that a reader (or a resumed run after `kill -9`) sees either the old content or
/// the new one, never a mixture: the bytes go to `.<name>.partial` beside the destination, are
/// flushed to disk, and the temporary file is renamed over the destination. A kill leaves at most
/// that temporary file, which `removeStaleTemporaries(in:)` deletes.
public enum AtomicFile {
    /// The temporary file a write to `url` goes through.
    public static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
    }

    /// Replaces `url`'s content with `data`.
    public static func write(_ data: Data, to url: URL) throws {
        try stream(to: url) { write in try data.withUnsafeBytes { try write($0) } }
    }

    /// Replaces `url`'s content with what `body` writes through the function it is given.
    public static func stream(to url: URL, _ body: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let temporary = temporaryURL(for: url)
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw FileWriteError(file: url.path, String(cString: strerror(errno))) }
        var committed = false
        defer {
            if !committed { close(descriptor); unlink(temporary.path) }
        }
        try body { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = posixWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FileWriteError(file: url.path, String(cString: strerror(errno)))
                }
                offset += written
            }
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            committed = true  // closed (or failed to close) already
            unlink(temporary.path)
            throw FileWriteError(file: url.path, reason)
        }
        committed = true
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw FileWriteError(file: url.path, reason)
        }
    }

    /// Deletes the temporary files that interrupted writes left in `directory` (not recursive).
    /// Returns their names.
    @discardableResult
    public static func removeStaleTemporaries(in directory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let stale = names.filter { $0.hasPrefix(".") && $0.hasSuffix(".partial") }.sorted()
        for name in stale { unlink(directory.appendingPathComponent(name).path) }
        return stale
    }
}

@inline(__always)
private func posixWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, pointer, count)
}

/// One line saying why a JSON value could not be decoded, in the file's own terms (the key path and
/// what was expected) instead of `DecodingError`'s debug text; other errors as their description.
public func oneLineReason(_ error: Error) -> String {
    func path(_ keys: [CodingKey], _ last: CodingKey? = nil) -> String {
        let all = keys + (last.map { [$0] } ?? [])
        let text = all.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            .reduce("") { $0.isEmpty || $1.hasPrefix("[") ? $0 + $1 : $0 + "." + $1 }
        return excerpt(text)
    }
    func flattened(_ text: String) -> String {
        let line = singleLine(text)
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
    switch error {
    case let error as FileError: return flattened(error.description)
    case DecodingError.keyNotFound(let key, let context): return "key '\(path(context.codingPath, key))' is missing"
    case DecodingError.valueNotFound(_, let context): return "key '\(path(context.codingPath))' is null"
    case DecodingError.typeMismatch(let type, let context):
        let expected: String
        switch type {
        case is String.Type: expected = "a string"
        case is Bool.Type: expected = "true or false"
        case is Int.Type, is Int64.Type, is UInt64.Type, is UInt32.Type: expected = "an integer"
        case is Double.Type, is Float.Type: expected = "a number"
        default:
            let name = String(describing: type)
            expected = name.hasPrefix("Array") || name.hasPrefix("[") ? "a list" : name.hasPrefix("Dictionary") ? "an object" : "a \(name)"
        }
        return context.codingPath.isEmpty ? "expected \(expected) at the top level" : "key '\(path(context.codingPath))' must be \(expected)"
    case DecodingError.dataCorrupted(let context):
        if context.codingPath.isEmpty {
            return context.underlyingError != nil ? "not valid JSON" : flattened(context.debugDescription)
        }
        return "key '\(path(context.codingPath))': \(flattened(context.debugDescription))"
    default: return flattened(String(describing: error))
    }
}

/// A JSON file that cannot be decoded: the file, the key path and what was expected, on one line.
public struct JSONFileError: FileError {
    public let file: String
    public let message: String
    public init(file: String, _ message: String) { self.file = file; self.message = message }
    public var description: String { "\(file): \(message)" }
}

public enum JSONFile {
    /// Decodes `data` (the content of `file`) as `T`; errors name the key and what was wrong, also
    /// where `JSONDecoder` only says "not valid JSON" (on Linux, a fraction or an out-of-range number
    /// for an integer setting).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: data) } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                let parsed: Any
                do { parsed = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
                    let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey].map { "\($0)" } ?? ""
                    throw JSONFileError(file: file, "not valid JSON" + (detail.isEmpty ? "" : " (\(quotedExcerpt(detail[...], limit: 100)))"))
                }
                // Find the number that does not fit: the one whose rounding makes this error go away.
                for (path, keys, shown) in fractionalNumbers(in: parsed, path: "", keys: []) {
                    let repaired = replacing(keys, in: parsed)
                    guard let again = try? JSONSerialization.data(withJSONObject: repaired, options: [.fragmentsAllowed]) else { continue }
                    do { _ = try JSONDecoder().decode(type, from: again) } catch DecodingError.dataCorrupted(let c) where c.codingPath.isEmpty {
                        continue
                    } catch {}
                    throw JSONFileError(file: file, "key '\(path)': \(shown) is not a whole number in range, which this key needs")
                }
                throw JSONFileError(file: file, "a value does not have the type its key needs")
            }
            throw JSONFileError(file: file, oneLineReason(error))
        } catch let error as FileError {
            throw error
        } catch {
            throw JSONFileError(file: file, oneLineReason(error))
        }
    }

    /// Numbers that are not whole (or too large for an integer): path for the message, keys to reach it, value.
    private static func fractionalNumbers(in value: Any, path: String, keys: [Any]) -> [(String, [Any], String)] {
        switch value {
        case let object as [String: Any]:
            return object.keys.sorted().flatMap { key -> [(String, [Any], String)] in
                let shown = excerpt(key, limit: 40)
                return fractionalNumbers(in: object[key]!, path: path.isEmpty ? shown : path + "." + shown, keys: keys + [key])
            }
        case let array as [Any]:
            return array.enumerated().flatMap { fractionalNumbers(in: $1, path: path + "[\($0)]", keys: keys + [$0]) }
        case let number as NSNumber:
            let double = number.doubleValue
            return double.rounded() != double || abs(double) > 9.0e15 ? [(path, keys, "\(number)")] : []
        default: return []
        }
    }

    /// `value` with the number at `keys` replaced by 0.
    private static func replacing(_ keys: [Any], in value: Any) -> Any {
        guard let first = keys.first else { return NSNumber(value: 0) }
        if var object = value as? [String: Any], let key = first as? String, let inner = object[key] {
            object[key] = replacing(Array(keys.dropFirst()), in: inner)
            return object
        }
        if var array = value as? [Any], let index = first as? Int, array.indices.contains(index) {
            array[index] = replacing(Array(keys.dropFirst()), in: array[index])
            return array
        }
        return value
    }
}
