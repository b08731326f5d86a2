"""Why a transaction went as it did: ordered checks over the wallet's facts, each with its
evidence, ending in one outcome — fixable now, wait, needs a person — or no fault at all."""
