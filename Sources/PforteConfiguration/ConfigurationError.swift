/// A configuration value that cannot be used, named precisely enough for an operator to fix it
/// without reading code: the key (or environment variable), where it came from, and why.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    public enum Source: Equatable, Sendable {
        case file(path: String, line: Int?)
        case environment(variable: String)
        case commandLine(flag: String)
        case combination
    }

    public let key: String
    public let source: Source
    public let reason: String

    public init(key: String, source: Source, reason: String) {
        self.key = key
        self.source = source
        self.reason = reason
    }

    public var description: String {
        switch source {
        case let .file(path, line):
            let location = line.map { "\(path):\($0)" } ?? path
            return "invalid configuration: \(key) (\(location)): \(reason)"
        case let .environment(variable):
            return "invalid configuration: \(variable) (environment, sets \(key)): \(reason)"
        case let .commandLine(flag):
            return "invalid configuration: \(flag) (command line, sets \(key)): \(reason)"
        case .combination:
            return "invalid configuration: \(key): \(reason)"
        }
    }
}
