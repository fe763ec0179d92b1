//! Geometry with traits: a small example of traits, supertraits and impls.

use std::f64::consts::PI;
use std::fmt;

/// Anything with an area.
pub trait Shape: fmt::Display {
    /// The area in square units.
    fn area(&self) -> f64;

    /// The perimeter; a default method that subtypes may override.
    fn perimeter(&self) -> f64 {
        0.0
    }
}

/// A shape that can be scaled in place.
pub trait Scalable: Shape {
    fn scale(&mut self, factor: f64);
}

/// A circle, given by its radius.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Circle {
    pub radius: f64,
}

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub width: f64,
    pub height: f64,
}

/// Either kind of shape.
pub enum AnyShape {
    Circle(Circle),
    Rect(Rect),
}

impl Shape for Circle {
    fn area(&self) -> f64 {
        PI * self.radius * self.radius
    }
    fn perimeter(&self) -> f64 {
        2.0 * PI * self.radius
    }
}

impl Scalable for Circle {
    fn scale(&mut self, factor: f64) {
        self.radius *= factor;
    }
}

impl Shape for Rect {
    fn area(&self) -> f64 {
        self.width * self.height
    }
}

impl fmt::Display for Circle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "circle(r={})", self.radius)
    }
}

impl fmt::Display for Rect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rect({}x{})", self.width, self.height)
    }
}

impl AnyShape {
    /// The area of whichever shape this is.
    pub fn area(&self) -> f64 {
        match self {
            AnyShape::Circle(c) => c.area(),
            AnyShape::Rect(r) => r.area(),
        }
    }
}

/// Sums the areas of many shapes.
pub fn total_area(shapes: &[AnyShape]) -> f64 {
    shapes.iter().map(AnyShape::area).sum()
}

/// The largest shape, if any.
pub fn largest(shapes: &[AnyShape]) -> Option<&AnyShape> {
    shapes.iter().max_by(|a, b| a.area().total_cmp(&b.area()))
}
