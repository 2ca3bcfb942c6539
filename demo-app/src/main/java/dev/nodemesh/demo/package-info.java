/** The chip and dale demo application. */
package dev.nodemesh.demo;
