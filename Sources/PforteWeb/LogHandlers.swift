import Foundation
import Logging
public import PforteConfiguration

/// Process-wide logging set-up from the configuration (swift-log allows it once per process).
public enum PforteLogging {
    public static func bootstrap(_ log: PforteConfig.Log) {
        let level = Logger.Level(rawValue: log.level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler
            switch log.format {
            case .json: handler = JSONLogHandler(label: label)
            case .text: handler = StreamLogHandler.standardError(label: label)
            }
            handler.logLevel = level
            return handler
        }
    }
}

/// One JSON object per line on stderr, for log shippers: `timestamp`, `level`, `label`,
/// `message`, `source`, and the metadata (such as `request_id`) as top-level fields.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    private static let outputLock = NSLock()
    /// UTC with milliseconds, e.g. `2026-11-23T09:00:08.315Z`.
    private static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: Any] = [:]
        let merged = metadata
            .merging(metadataProvider?.get() ?? [:]) { _, new in new }
            .merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged {
            fields[key] = Self.json(value)
        }
        fields["timestamp"] = PforteClock.system.now().formatted(Self.timestampStyle)
        fields["level"] = event.level.rawValue
        fields["label"] = label
        fields["message"] = event.message.description
        fields["source"] = event.source
        guard var line = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        line.append(0x0A)
        // Lines from concurrent requests must not interleave, whatever their length.
        Self.outputLock.withLock { FileHandle.standardError.write(line) }
    }

    private static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case let .string(string): string
        case let .stringConvertible(convertible): convertible.description
        case let .array(values): values.map(json)
        case let .dictionary(dictionary): dictionary.mapValues(json)
        }
    }
}
