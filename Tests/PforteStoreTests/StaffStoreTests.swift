import Foundation
import Testing

@testable import PforteStore

/// The service desk's own accounts (issue #22) on both backends: unique addresses, a TOTP step
/// accepted once, single-use recovery codes, short console sessions.
@Suite struct StaffStoreTests {
    private let now = Fixture.now

    private func staff(_ email: String = "desk@example.de") -> StaffRecord {
        StaffRecord(id: UUID().uuidString, email: email, role: .support, passwordHash: "$argon2id$…", createdAt: now)
    }

    private func event(_ action: AuditAction) -> AuditTrailEntry {
        AuditTrailEntry(id: UUID().uuidString, occurredAt: now, actor: "cli:root", action: action)
    }

    @Test(arguments: StoreBackend.all)
    func anAddressBelongsToOneMemberAndAddingIsAudited(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let members = SQLStaffStore(store: store)
            let member = staff()
            try await members.create(member, event: event(.staffAdded))
            await #expect(throws: AccountStoreError(.loginTaken, "a member of staff has this address")) {
                try await members.create(staff(), event: event(.staffAdded))
            }
            #expect(try await members.find(email: "desk@example.de") == member)
            #expect(try await members.remove(id: member.id, event: event(.staffRemoved)))
            #expect(try await members.remove(id: member.id, event: event(.staffRemoved)) == false)
            #expect(try await SQLServiceDeskStore(store: store).events(accountID: nil, actions: nil, limit: 10, offset: 0).map(\.action)
                .sorted { $0.rawValue < $1.rawValue } == [.staffAdded, .staffRemoved])
        }
    }

    /// RFC 6238 §5.2: a code is accepted once; neither the same step again nor an earlier one.
    @Test(arguments: StoreBackend.all)
    func aTimeStepIsUsedOnceAndNeverAnEarlierOne(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let members = SQLStaffStore(store: store)
            let member = staff()
            try await members.create(member, event: event(.staffAdded))
            try await members.beginEnrolment(id: member.id, sealedSecret: Fixture.sealed("secret"), recoveryCodeDigests: [])
            try await members.completeEnrolment(id: member.id, step: 100, at: now, event: event(.staffEnrolled))
            #expect(try await members.useStep(id: member.id, step: 100) == false)
            #expect(try await members.useStep(id: member.id, step: 101))
            #expect(try await members.useStep(id: member.id, step: 101) == false)
            #expect(try await members.useStep(id: member.id, step: 100) == false)
            let concurrent = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 { group.addTask { try await members.useStep(id: member.id, step: 102) } }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(concurrent.filter { $0 }.count == 1)
            #expect(try await members.find(id: member.id)?.totpEnrolledAt == now)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aRecoveryCodeWorksOnceAndANewEnrolmentReplacesThem(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let members = SQLStaffStore(store: store)
            let member = staff()
            try await members.create(member, event: event(.staffAdded))
            let codes = [Fixture.digest(), Fixture.digest()]
            try await members.beginEnrolment(id: member.id, sealedSecret: Fixture.sealed("secret"), recoveryCodeDigests: codes)
            #expect(try await members.useRecoveryCode(id: member.id, digest: codes[0], at: now))
            #expect(try await members.useRecoveryCode(id: member.id, digest: codes[0], at: now) == false)
            #expect(try await members.unusedRecoveryCodes(id: member.id) == 1)
            try await members.beginEnrolment(id: member.id, sealedSecret: Fixture.sealed("secret 2"), recoveryCodeDigests: [Fixture.digest()])
            #expect(try await members.useRecoveryCode(id: member.id, digest: codes[1], at: now) == false)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aConsoleSessionEndsWhenIdleAndIsReplacedWhenComplete(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let members = SQLStaffStore(store: store)
            let member = staff()
            try await members.create(member, event: event(.staffAdded))
            let pending = StaffSessionRecord(idDigest: Fixture.digest(), staffID: member.id, stage: .passwordChecked, createdAt: now,
                                             lastSeenAt: now, expiresAt: now.addingTimeInterval(36000), idleTimeoutSeconds: 900)
            try await members.createSession(pending)
            #expect(try await members.resumeSession(idDigest: pending.idDigest, now: now.addingTimeInterval(899))?.stage == .passwordChecked)
            #expect(try await members.resumeSession(idDigest: pending.idDigest, now: now.addingTimeInterval(899 + 899)) != nil,
                    "each request restarts the idle timer")
            #expect(try await members.resumeSession(idDigest: pending.idDigest, now: now.addingTimeInterval(899 + 899 + 900)) == nil)
            let second = StaffSessionRecord(idDigest: Fixture.digest(), staffID: member.id, stage: .passwordChecked, createdAt: now,
                                            lastSeenAt: now, expiresAt: now.addingTimeInterval(36000), idleTimeoutSeconds: 900)
            try await members.createSession(second)
            var complete = second
            complete.idDigest = Fixture.digest()
            complete.stage = .complete
            try await members.completeSession(oldDigest: second.idDigest, newSession: complete, event: event(.staffLogin))
            #expect(try await members.resumeSession(idDigest: second.idDigest, now: now) == nil)
            #expect(try await members.resumeSession(idDigest: complete.idDigest, now: now)?.stage == .complete)
            await #expect(throws: AccountStoreError(.sessionNotFound, "the console session has ended")) {
                try await members.completeSession(oldDigest: second.idDigest, newSession: complete, event: event(.staffLogin))
            }
            _ = try await members.remove(id: member.id, event: event(.staffRemoved))
            #expect(try await members.resumeSession(idDigest: complete.idDigest, now: now) == nil)
        }
    }
}
