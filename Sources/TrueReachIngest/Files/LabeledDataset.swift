import TrueReachCore

/// The labelled accounts of one dataset, with an account of what could not be labelled.
public struct LabeledDataset: Sendable {
    /// The dataset's short name (`botrepo-verified-2019`), used for leave-one-dataset-out validation.
    public var name: String
    /// Every account that has a label, in file order (files sorted by path).
    public var accounts: [LabeledAccount]
    /// Records that could not be read.
    public var issues: [IngestIssue]
    /// Accounts read but left out: no label for their id, or an undecided label (`not sure`, a mean
    /// rating between 1.5 and 2.5).
    public var unlabeledAccounts: Int
    /// Ids in the label source (a Bot Repository TSV, a labels file) with no account in the data:
    /// counted, never silently dropped.
    public var labelsWithoutAccount: Int
    /// The account files read, relative to the dataset path.
    public var files: [String]

    /// Creates a dataset.
    public init(
        name: String,
        accounts: [LabeledAccount],
        issues: [IngestIssue] = [],
        unlabeledAccounts: Int = 0,
        labelsWithoutAccount: Int = 0,
        files: [String] = []
    ) {
        self.name = name
        self.accounts = accounts
        self.issues = issues
        self.unlabeledAccounts = unlabeledAccounts
        self.labelsWithoutAccount = labelsWithoutAccount
        self.files = files
    }

    /// How many accounts carry each label.
    public var labelCounts: [AccountLabel: Int] {
        accounts.reduce(into: [:]) { $0[$1.label, default: 0] += 1 }
    }
}
