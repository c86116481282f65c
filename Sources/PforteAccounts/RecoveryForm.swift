/// What a recovery asks for (design §4: "Without any secret left, only a recovery is possible,
/// which wipes the account's stored data"): the name and the secrets that start the account
/// afresh.
///
/// The secret question stays as it is (the store keeps it apart from the data key, and the
/// user usually remembers the question, not the answer); the user gives it a new answer.
public struct RecoveryForm: Sendable {
    public var givenNames: String
    public var familyName: String
    public var password: String
    public var passwordRepeated: String
    /// The new answer to the account's secret question; ignored for an account without one.
    public var secretAnswer: String?

    public init(givenNames: String, familyName: String, password: String, passwordRepeated: String,
                secretAnswer: String?) {
        self.givenNames = givenNames
        self.familyName = familyName
        self.password = password
        self.passwordRepeated = passwordRepeated
        self.secretAnswer = secretAnswer
    }
}
