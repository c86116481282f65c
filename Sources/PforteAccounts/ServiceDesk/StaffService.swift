public import Foundation
import PforteCore
import PforteCrypto
public import PforteStore

/// The service desk's own accounts (issue #22), apart from citizens': created and removed by
/// an admin or the operator, each with a password and a TOTP second factor (RFC 6238) plus
/// single-use recovery codes kept as digests.
public struct StaffService: Sendable {
    let environment: AccountEnvironment

    /// Console sessions are short: 15 minutes idle, 10 hours at most.
    public static let idleTimeout = 15 * 60
    public static let absoluteLifetime: TimeInterval = 10 * 3600
    public static let minimumPasswordLength = 12
    public static let recoveryCodeCount = 8
    /// The authenticator app's label of the account.
    public static let issuer = "Pforte Servicedesk"

    private func event(_ action: AuditAction, by actor: String, reason: String? = nil) -> AuditTrailEntry {
        AuditTrailEntry(id: RandomToken.make(), occurredAt: environment.now(), actor: actor, action: action, reason: reason)
    }

    /// Adds a member. Without `password` one is generated and returned, to be handed over.
    /// Throws ``AccountError/Code/invalidEmail(_:)``, ``AccountError/Code/passwordRules(_:)``
    /// for a password shorter than ``minimumPasswordLength``, ``AccountError/Code/loginTaken``.
    public func add(email: String, role: StaffRecord.Role, password: String?, by actor: ServiceDeskActor) async throws -> (StaffRecord, password: String) {
        try actor.requireAdmin()
        let address: String
        do {
            address = try EmailAddress(email.trimmingCharacters(in: .whitespacesAndNewlines)).normalized
        } catch {
            throw AccountError(.invalidEmail(error))
        }
        let password = password ?? String(Base32.encode(TOTP.generateSecret()).prefix(24)).lowercased()
        guard password.count >= Self.minimumPasswordLength else { throw AccountError(.passwordRules([.tooShort])) }
        let staff = StaffRecord(id: RandomToken.make(), email: address, role: role, passwordHash: try environment.hasher.hash(password),
                                createdAt: environment.now())
        do {
            try await environment.serviceDesk.staff.create(staff, event: event(.staffAdded, by: actor.name, reason: "\(address) (\(role.rawValue))"))
        } catch let error as AccountStoreError where error.code == .loginTaken {
            throw AccountError(.loginTaken)
        }
        return (staff, password)
    }

    public func list(by actor: ServiceDeskActor) async throws -> [StaffRecord] {
        try actor.requireAdmin()
        return try await environment.serviceDesk.staff.list()
    }

    /// Removes the member with the address; returns whether there was one.
    @discardableResult
    public func remove(email: String, by actor: ServiceDeskActor) async throws -> Bool {
        try actor.requireAdmin()
        let address = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let staff = try await environment.serviceDesk.staff.find(email: address) else { return false }
        return try await environment.serviceDesk.staff.remove(id: staff.id, event: event(.staffRemoved, by: actor.name, reason: address))
    }

    /// Checks the password and starts a session waiting for the second factor; at the first
    /// login it starts enrolment. An unknown address and a wrong password are alike
    /// (``AccountError/Code/invalidCredentials``), both throttled and audited.
    public func logIn(email: String, password: String, clientAddress: String) async throws -> StaffLoginStep {
        let address = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let counters = environment.throttle.staffPasswordCounters(email: address, clientAddress: clientAddress)
        try await environment.throttle.reserve(counters, now: environment.now())
        let staff = try await environment.serviceDesk.staff.find(email: address)
        // An unknown address costs the same Argon2id run as a wrong password.
        let isRight = environment.credentials.isRight(password, hash: staff?.passwordHash ?? environment.unknownAccountHash)
        guard let staff, isRight else {
            try await environment.throttle.settle(counters, failed: true, now: environment.now())
            try await environment.serviceDesk.desk.record(event(.staffLoginFailed, by: "staff:" + address, reason: "password"))
            throw AccountError(.invalidCredentials)
        }
        try await environment.throttle.settle(counters, failed: false, now: environment.now())
        let sessionID = try await startSession(staff.id, stage: .passwordChecked)
        guard staff.totpEnrolledAt != nil else { return .enrolment(sessionID: sessionID, try await beginEnrolment(staff)) }
        return .secondFactor(sessionID: sessionID)
    }

    /// The session the cookie names while it is live, its idle timer restarted.
    public func resume(sessionID: String) async throws -> StaffSession? {
        guard let record = try await environment.serviceDesk.staff.resumeSession(idDigest: digest(sessionID), now: environment.now()),
              let staff = try await environment.serviceDesk.staff.find(id: record.staffID)
        else { return nil }
        return StaffSession(staff: staff, stage: record.stage)
    }

    /// Completes the login with a TOTP code — or, once enrolled, a recovery code — and returns
    /// the complete session's new id. At enrolment only a TOTP code confirms the app. Throws
    /// ``AccountError/Code/invalidCode``, or ``AccountError/Code/throttled(retryAfter:)`` after
    /// too many wrong codes.
    public func completeLogin(sessionID: String, code: String, clientAddress: String) async throws -> String {
        guard let session = try await resume(sessionID: sessionID), session.stage == .passwordChecked else {
            throw AccountError(.invalidCode)
        }
        let staff = session.staff
        let counters = environment.throttle.staffCodeCounters(staffID: staff.id, clientAddress: clientAddress)
        try await environment.throttle.reserve(counters, now: environment.now())
        let enrolling = staff.totpEnrolledAt == nil
        let accepted: AuditAction? = try await verify(code, of: staff, enrolling: enrolling)
        guard let accepted else {
            try await environment.throttle.settle(counters, failed: true, now: environment.now())
            try await environment.serviceDesk.desk.record(event(.staffLoginFailed, by: "staff:" + staff.email, reason: "second factor"))
            throw AccountError(.invalidCode)
        }
        try await environment.throttle.settle(counters, failed: false, now: environment.now())
        let newID = RandomToken.make()
        try await environment.serviceDesk.staff.completeSession(
            oldDigest: digest(sessionID), newSession: sessionRecord(newID, staffID: staff.id, stage: .complete),
            event: event(accepted, by: "staff:" + staff.email)
        )
        return newID
    }

    public func logOut(sessionID: String) async throws {
        try await environment.serviceDesk.staff.deleteSession(idDigest: digest(sessionID))
    }

    // MARK: - Second factor

    /// Which audit action the code completes: a login, or the enrolment; `nil` when wrong.
    private func verify(_ code: String, of staff: StaffRecord, enrolling: Bool) async throws -> AuditAction? {
        let now = environment.now()
        guard let sealed = staff.sealedTOTPSecret else { return nil }
        let totp = TOTP(secret: try environment.keys.openTOTPSecret(sealed, staffID: staff.id))
        if let step = totp.matchingStep(of: code, at: now) {
            if enrolling {
                try await environment.serviceDesk.staff.completeEnrolment(id: staff.id, step: step, at: now,
                                                                          event: event(.staffEnrolled, by: "staff:" + staff.email))
                return .staffLogin
            }
            return try await environment.serviceDesk.staff.useStep(id: staff.id, step: step) ? .staffLogin : nil
        }
        guard !enrolling, let normalised = Self.normaliseRecoveryCode(code) else { return nil }
        return try await environment.serviceDesk.staff.useRecoveryCode(id: staff.id, digest: recoveryDigest(normalised), at: now)
            ? .staffLogin : nil
    }

    private func beginEnrolment(_ staff: StaffRecord) async throws -> StaffEnrolment {
        let secret = TOTP.generateSecret()
        let codes = (0..<Self.recoveryCodeCount).map { _ in
            let raw = String(Base32.encode(TOTP.generateSecret()).prefix(10)).lowercased()
            return String(raw.prefix(5)) + "-" + String(raw.suffix(5))
        }
        try await environment.serviceDesk.staff.beginEnrolment(
            id: staff.id, sealedSecret: try environment.keys.sealTOTPSecret(secret, staffID: staff.id),
            recoveryCodeDigests: codes.map { recoveryDigest(Self.normaliseRecoveryCode($0)!) }
        )
        let totp = TOTP(secret: secret)
        return StaffEnrolment(secret: Base32.encode(secret), provisioningURI: totp.provisioningURI(issuer: Self.issuer, account: staff.email),
                              recoveryCodes: codes)
    }

    /// Ten base32 characters, as typed with or without the dash, in any case.
    static func normaliseRecoveryCode(_ code: String) -> String? {
        let plain = code.lowercased().filter { $0 != "-" && !$0.isWhitespace }
        guard plain.count == 10, Base32.decode(plain) != nil else { return nil }
        return plain
    }

    private func recoveryDigest(_ normalised: String) -> SecretDigest {
        environment.keys.digest(of: "staff-recovery:" + normalised)
    }

    // MARK: - Sessions

    private func digest(_ sessionID: String) -> SecretDigest {
        environment.keys.digest(of: "staff-session:" + sessionID)
    }

    private func startSession(_ staffID: String, stage: StaffSessionRecord.Stage) async throws -> String {
        let sessionID = RandomToken.make()
        try await environment.serviceDesk.staff.createSession(sessionRecord(sessionID, staffID: staffID, stage: stage))
        return sessionID
    }

    private func sessionRecord(_ sessionID: String, staffID: String, stage: StaffSessionRecord.Stage) -> StaffSessionRecord {
        let now = environment.now()
        return StaffSessionRecord(idDigest: digest(sessionID), staffID: staffID, stage: stage, createdAt: now, lastSeenAt: now,
                                  expiresAt: now.addingTimeInterval(Self.absoluteLifetime), idleTimeoutSeconds: Self.idleTimeout)
    }
}
