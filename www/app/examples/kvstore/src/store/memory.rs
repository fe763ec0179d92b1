//! An in-memory backend.

use std::collections::HashMap;

use super::Backend;

/// Keeps everything in a hash map.
#[derive(Default, Debug)]
pub struct MemoryBackend {
    map: HashMap<String, String>,
}

impl Backend for MemoryBackend {
    fn read(&self, key: &str) -> Option<String> {
        self.map.get(key).cloned()
    }

    fn write(&mut self, key: &str, value: &str) {
        self.map.insert(key.to_string(), value.to_string());
    }

    fn len(&self) -> usize {
        self.map.len()
    }
}
