import TrueReachCore

/// The labelled accounts of one dataset, with an account of what could not be labelled.
public struct LabeledDataset: Sendable {
    /// The dataset's short name (`botrepo-verified-2019`), used for leave-one-dataset-out validation.
    public var name: String
    /// Every account that has a label, in file order (files sorted by path).
    public var profiles: [LabeledProfile]
    /// Records that could not be read.
    public var issues: [IngestIssue]
    /// Profiles read but left out: no label for their id, or an undecided label (`not sure`, a mean
    /// rating between 1.5 and 2.5).
    public var unlabeledProfiles: Int
    /// Ids in the label source (a Bot Repository TSV, a labels file) with no account in the data:
    /// counted, never silently dropped.
    public var labelsWithoutProfile: Int
    /// The account files read, relative to the dataset path.
    public var files: [String]

    /// Creates a dataset.
    public init(
        name: String,
        profiles: [LabeledProfile],
        issues: [IngestIssue] = [],
        unlabeledProfiles: Int = 0,
        labelsWithoutProfile: Int = 0,
        files: [String] = []
    ) {
        self.name = name
        self.profiles = profiles
        self.issues = issues
        self.unlabeledProfiles = unlabeledProfiles
        self.labelsWithoutProfile = labelsWithoutProfile
        self.files = files
    }

    /// How many accounts carry each label.
    public var labelCounts: [ProfileLabel: Int] {
        profiles.reduce(into: [:]) { $0[$1.label, default: 0] += 1 }
    }
}
