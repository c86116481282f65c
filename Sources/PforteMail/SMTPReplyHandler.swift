import NIOCore
import NIOSSL
import NIOTLS

/// The NIO end of ``NIOSMTPTransport``: parses incoming bytes into replies and hands them, one
/// at a time, to whoever waits. Lives on the channel's event loop; all access goes through it.
final class SMTPReplyHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private var parser = SMTPReplyParser()
    private var replies = CircularBuffer<SMTPReply>()
    /// Once set, every later read fails with it (after the replies received before it).
    private var failure: SMTPError?
    private var waiter: (promise: EventLoopPromise<SMTPReply>, timeout: Scheduled<Void>)?
    private var handshake: (promise: EventLoopPromise<Void>, timeout: Scheduled<Void>)?

    /// Bytes or replies the session has not asked for yet (see ``SMTPReplyParser/hasBufferedInput``).
    var hasBufferedInput: Bool { parser.hasBufferedInput || !replies.isEmpty }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        parser.append(buffer.readableBytesView)
        do {
            while let reply = try parser.next() { replies.append(reply) }
        } catch {
            fail(error)
            context.close(promise: nil)
        }
        deliver()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            fail(SMTPError(.tlsFailed, detail: "\(error)"))
        } else {
            fail(SMTPError(.connectionClosed, detail: "\(error)"))
        }
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent, let handshake {
            self.handshake = nil
            handshake.timeout.cancel()
            handshake.promise.succeed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError(.connectionClosed, detail: "the server closed the connection"))
        context.fireChannelInactive()
    }

    /// The next reply; fails with ``SMTPError/Code/timeout`` if none arrives within `timeout`.
    func nextReply(on eventLoop: any EventLoop, timeout: TimeAmount) -> EventLoopFuture<SMTPReply> {
        eventLoop.preconditionInEventLoop()
        precondition(waiter == nil, "SMTP is strictly request/response: one reader at a time")
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let this = NIOLoopBound(self, eventLoop: eventLoop)
        let scheduled = eventLoop.scheduleTask(in: timeout) {
            this.value.fail(SMTPError(.timeout, detail: "no reply within \(timeout.nanoseconds / 1_000_000) ms"))
        }
        waiter = (promise, scheduled)
        deliver()
        return promise.futureResult
    }

    /// Completes when NIOSSL reports a finished handshake; call before adding its handler, so
    /// that a certificate failure is reported as such, not as a broken write later.
    func handshakeCompleted(on eventLoop: any EventLoop, timeout: TimeAmount) -> EventLoopFuture<Void> {
        eventLoop.preconditionInEventLoop()
        let promise = eventLoop.makePromise(of: Void.self)
        let this = NIOLoopBound(self, eventLoop: eventLoop)
        let scheduled = eventLoop.scheduleTask(in: timeout) {
            this.value.fail(SMTPError(.timeout, stage: .startTLS, detail: "TLS handshake not finished within \(timeout.nanoseconds / 1_000_000) ms"))
        }
        handshake = (promise, scheduled)
        return promise.futureResult
    }

    private func fail(_ error: SMTPError) {
        if failure == nil { failure = error }
        if let handshake {
            self.handshake = nil
            handshake.timeout.cancel()
            handshake.promise.fail(error)
        }
        deliver()
    }

    private func deliver() {
        guard let waiter else { return }
        if let reply = replies.popFirst() {
            self.waiter = nil
            waiter.timeout.cancel()
            waiter.promise.succeed(reply)
        } else if let failure {
            self.waiter = nil
            waiter.timeout.cancel()
            waiter.promise.fail(failure)
        }
    }
}
