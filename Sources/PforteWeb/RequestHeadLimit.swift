import Hummingbird
import HummingbirdCore
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// The size of a request head (request line and header fields) Pforte reads at most.
///
/// Nothing Pforte serves needs more: its own cookies stay below 1 KiB, a SAML Redirect-binding
/// message is deflated into the query, and larger OIDC requests go through PAR's POST body
/// (RFC 9126). Without a limit SwiftNIO would read 80 KiB of headers per request; 16 KiB is the
/// common server default (e.g. nginx's `large_client_header_buffers`, Node's
/// `--max-http-header-size`). What is counted is the request target plus every field's name
/// and value (SwiftNIO's `maxHeaderListSize`), without separators.
enum RequestHeadLimit {
    static let maximumBytes = 16 * 1024
    /// Header fields at most, as Apache's `LimitRequestFields`.
    static let maximumFieldCount = 100
    /// How long a refused connection waits for the client to close it after the 431 answer.
    static let lingerSeconds: Int64 = 5

    static let status = HTTPResponse.Status(code: 431, reasonPhrase: "Request Header Fields Too Large")

    /// HTTP/1.1 with the limits, and ``Refusal`` to answer a head beyond them.
    static var server: HTTPServerBuilder {
        .http1(configuration: .init(
            additionalChannelHandlers: [Refusal()],
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: maximumBytes, maxHeaderListSize: maximumBytes, maxHeaderFieldCount: maximumFieldCount
            )
        ))
    }

    /// Answers a head beyond the limits with `431 Request Header Fields Too Large` (RFC 6585 §5)
    /// and ends the connection; no route runs. Hummingbird alone would answer 400, which tells
    /// the client nothing. Once the decoder has failed, the connection cannot be read further,
    /// so the answer closes our side; the client's close (or the linger time) ends it.
    ///
    /// Only a connection with no response outstanding is answered here; a head that overflows
    /// while an earlier request's response is still being written is left to Hummingbird (400,
    /// close), so that two responses never interleave.
    final class Refusal: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPRequestPart
        typealias InboundOut = HTTPRequestPart
        typealias OutboundIn = HTTPResponsePart
        typealias OutboundOut = HTTPResponsePart

        private var outstandingResponses = 0
        private var refused = false

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .head = unwrapInboundIn(data) { outstandingResponses += 1 }
            context.fireChannelRead(data)
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            if case .end = unwrapOutboundIn(data) { outstandingResponses -= 1 }
            context.write(data, promise: promise)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            guard let parserError = error as? HTTPParserError, parserError == .headerOverflow,
                  outstandingResponses == 0, !refused
            else { return context.fireErrorCaught(error) }
            refused = true
            let head = HTTPResponse(status: RequestHeadLimit.status, headerFields: [.connection: "close", .contentLength: "0"])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                channel.close(mode: .output, promise: nil)
            }
            context.eventLoop.scheduleTask(in: .seconds(RequestHeadLimit.lingerSeconds)) {
                channel.close(promise: nil)
            }
        }
    }
}
