import Foundation
import PforteAccounts
import PforteCore
import PforteMail
import PforteStore
import Testing

/// The durable outbox between the account flows and the relay (issue #18): requests queue, the
/// dispatcher delivers, and a relay that is down or refuses changes nothing for the request.
@Suite struct MailDeliveryTests {
    private let email = "erika@example.de"
    private static let relayDown = SMTPError(.connectionFailed, stage: .connect, detail: "connection refused")
    private static let unknownRecipient = SMTPError(.rejected, stage: .recipient,
                                                    reply: SMTPReply(code: 550, lines: ["5.1.1 unknown recipient"]))

    @Test func aRelayThatIsDownLeavesTheRequestAloneAndTheMailQueuedUntilItIsBack() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate(email)
            harness.outbox.refuse(with: Self.relayDown)
            try await harness.services.passwordReset.requestReset(email: email, language: .german)

            let dispatcher = harness.services.mailDispatcher
            let waiting = try #require(try await dispatcher.entries(state: .queued, limit: 10).first)
            #expect(waiting.mail.attempts == 1)
            #expect(waiting.mail.lastError?.contains("connection refused") == true)
            #expect(waiting.recipients == [email])
            #expect(waiting.mail.nextAttemptAt == harness.clock.now.addingTimeInterval(60))

            harness.outbox.refuse(with: nil)
            harness.clock.advance(by: 59)
            #expect(try await dispatcher.deliverDue() == MailDispatcher.Report())
            harness.clock.advance(by: 1)
            #expect(try await dispatcher.deliverDue().sent == 1)
            let token = try harness.outbox.token(to: email, path: AccountLinkPath.passwordReset)
            #expect(try await harness.services.passwordReset.challenge(token: token) != .recoveryOnly)
            #expect(try await dispatcher.entries(state: .sent, limit: 10).first?.recipients == [],
                    "a sent message keeps no recipient and no link")
        }
    }

    @Test func aRefusalForGoodIsGivenUpAtOnceAndTheOperatorCanRetryIt() async throws {
        try await Harness.run { harness in
            harness.outbox.refuse(with: Self.unknownRecipient)
            try await harness.services.passwordReset.requestReset(email: "nobody@example.de", language: .german)
            let dispatcher = harness.services.mailDispatcher
            let failed = try #require(try await dispatcher.entries(state: .failed, limit: 10).first)
            #expect(failed.mail.lastError?.contains("550") == true)

            harness.outbox.refuse(with: nil)
            #expect(try await dispatcher.retry(id: failed.mail.id) == 1)
            #expect(try await dispatcher.deliverDue().sent == 1)
            #expect(harness.outbox.sent(to: "nobody@example.de").count == 1)
        }
    }

    @Test func aMessageStillFailingAfterTheGiveUpTimeIsMarkedFailed() async throws {
        try await Harness.run { harness in
            harness.outbox.refuse(with: Self.relayDown)
            try await harness.services.passwordReset.requestReset(email: "nobody@example.de", language: .german)
            let dispatcher = harness.services.mailDispatcher
            var report = MailDispatcher.Report()
            while report.givenUp == 0 {
                harness.clock.advance(by: 3600)
                report = try await dispatcher.deliverDue()
            }
            let failed = try #require(try await dispatcher.entries(state: .failed, limit: 10).first)
            #expect(failed.mail.finishedAt.map { $0.timeIntervalSince(failed.mail.createdAt) >= 72 * 3600 } == true)
            #expect(failed.mail.attempts == 73)
        }
    }

    @Test func aStoredMessageThatDoesNotOpenIsGivenUpNotRetried() async throws {
        try await Harness.run { harness in
            try await SQLMailQueueStore(store: harness.store).enqueue(
                [OutgoingMail(id: "forged", sealedContent: Data("not sealed".utf8), queuedAt: harness.clock.now.addingTimeInterval(-30), origin: "another node")]
            )
            let report = try await harness.services.mailDispatcher.deliverDue()
            #expect(report.givenUp == 1 && report.sent == 0)
            #expect(harness.outbox.sent.isEmpty)
        }
    }

    @Test func retriesStartAfterAMinuteDoubleAndStopAtTheLimits() throws {
        let policy = MailDeliveryPolicy.default
        let queued = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(policy.retryAt(afterAttempt: 1, createdAt: queued, now: queued) == queued.addingTimeInterval(60))
        #expect(policy.retryAt(afterAttempt: 2, createdAt: queued, now: queued) == queued.addingTimeInterval(120))
        #expect(policy.retryAt(afterAttempt: 30, createdAt: queued, now: queued) == queued.addingTimeInterval(3600))
        #expect(policy.retryAt(afterAttempt: 3, createdAt: queued, now: queued.addingTimeInterval(72 * 3600)) == nil)
        #expect(throws: PolicyParameterError.self) {
            try MailDeliveryPolicy(firstRetryDelay: 60, maximumRetryDelay: 30, giveUpAfter: 3600)
        }
    }
}
