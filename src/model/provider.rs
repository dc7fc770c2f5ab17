//! AI providers, as finance and the provider exports name them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A provider of AI models. Finance workbooks and gateway exports spell these in
/// many ways; [`Provider::parse`] reads the common spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Provider {
    /// OpenAI's own API.
    #[serde(rename = "openai")]
    OpenAi,
    /// Anthropic's own API.
    Anthropic,
    /// OpenAI models through Microsoft Azure (Azure OpenAI, Foundry models).
    #[serde(rename = "azure-openai")]
    AzureOpenAi,
    /// Models through AWS Bedrock.
    AwsBedrock,
    /// Models through Google Vertex AI / Gemini.
    GoogleVertex,
    /// Mistral's API.
    Mistral,
    /// Cohere's API.
    Cohere,
    /// Anything else (an internal platform, a gateway's own charge).
    Other,
}

impl Provider {
    /// Every provider, in display order.
    pub const ALL: [Provider; 8] = [
        Provider::OpenAi,
        Provider::Anthropic,
        Provider::AzureOpenAi,
        Provider::AwsBedrock,
        Provider::GoogleVertex,
        Provider::Mistral,
        Provider::Cohere,
        Provider::Other,
    ];

    /// The stable identifier (`openai`, `azure-openai`, …).
    pub fn id(self) -> &'static str {
        match self {
            Provider::OpenAi => "openai",
            Provider::Anthropic => "anthropic",
            Provider::AzureOpenAi => "azure-openai",
            Provider::AwsBedrock => "aws-bedrock",
            Provider::GoogleVertex => "google-vertex",
            Provider::Mistral => "mistral",
            Provider::Cohere => "cohere",
            Provider::Other => "other",
        }
    }

    /// The name people use.
    pub fn label(self) -> &'static str {
        match self {
            Provider::OpenAi => "OpenAI",
            Provider::Anthropic => "Anthropic",
            Provider::AzureOpenAi => "Azure OpenAI",
            Provider::AwsBedrock => "AWS Bedrock",
            Provider::GoogleVertex => "Google Vertex AI",
            Provider::Mistral => "Mistral",
            Provider::Cohere => "Cohere",
            Provider::Other => "Other",
        }
    }

    /// Reads an identifier or a common spelling: `OpenAI`, `Azure OpenAI`,
    /// `Microsoft Foundry`, `Bedrock`, `Gemini`, `Claude`, …
    pub fn parse(text: &str) -> Option<Provider> {
        let key: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let provider = match key.as_str() {
            "openai" | "openaiapi" | "openaiinc" | "chatgpt" => Provider::OpenAi,
            "anthropic" | "anthropicapi" | "claude" | "claudeapi" | "anthropicpbc" => {
                Provider::Anthropic
            }
            "azureopenai" | "azure" | "azureai" | "microsoftfoundry" | "foundrymodels"
            | "azurefoundry" | "cognitiveservices" | "microsoft" => Provider::AzureOpenAi,
            "awsbedrock" | "bedrock" | "amazonbedrock" | "aws" | "amazon" => Provider::AwsBedrock,
            "googlevertex" | "vertex" | "vertexai" | "googlevertexai" | "gemini" | "google"
            | "gcp" | "googlecloud" => Provider::GoogleVertex,
            "mistral" | "mistralai" => Provider::Mistral,
            "cohere" => Provider::Cohere,
            "other" => Provider::Other,
            _ => return None,
        };
        Some(provider)
    }
}

/// Words that name a vendor or a model family. A service code should outlive a
/// change of model, so these are flagged when they appear as a segment of a code.
pub const VENDOR_AND_MODEL_WORDS: &[&str] = &[
    "openai",
    "anthropic",
    "azure",
    "aws",
    "bedrock",
    "google",
    "vertex",
    "gemini",
    "gpt",
    "gpt4",
    "gpt4o",
    "gpt5",
    "claude",
    "sonnet",
    "opus",
    "haiku",
    "llama",
    "mistral",
    "cohere",
    "chatgpt",
    "o1",
    "o3",
    "o4",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_spellings_resolve() {
        assert_eq!(Provider::parse("OpenAI"), Some(Provider::OpenAi));
        assert_eq!(Provider::parse("Azure OpenAI"), Some(Provider::AzureOpenAi));
        assert_eq!(Provider::parse("anthropic"), Some(Provider::Anthropic));
        assert_eq!(Provider::parse("AWS Bedrock"), Some(Provider::AwsBedrock));
        assert_eq!(Provider::parse("Vertex AI"), Some(Provider::GoogleVertex));
        assert_eq!(Provider::parse("Shared gateway"), None);
        for p in Provider::ALL {
            assert_eq!(Provider::parse(p.id()), Some(p), "id of {p:?} parses back");
            assert_eq!(
                Provider::parse(p.label()),
                Some(p),
                "label of {p:?} parses back"
            );
        }
    }
}
