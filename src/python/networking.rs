//! Bindings for [`crate::networking`]: `ContainerPort`.

use pyo3::prelude::*;

use crate::networking::{self, ContainerPort};

/// One published port, `host_ip:host_port->container_port/protocol`.
#[pyclass(module = "dockertest._core", name = "ContainerPort", frozen, subclass, eq, hash)]
#[derive(PartialEq, Eq, Hash)]
pub struct PyContainerPort(pub ContainerPort);

#[pymethods]
impl PyContainerPort {
    #[new]
    #[pyo3(signature = (container_port, host_port = None, host_ip = "0.0.0.0", protocol = "tcp"))]
    fn py_new(container_port: u16, host_port: Option<u16>, host_ip: &str, protocol: &str) -> Self {
        PyContainerPort(ContainerPort::new(container_port, host_port, host_ip, protocol))
    }

    #[getter]
    fn container_port(&self) -> u16 {
        self.0.container_port
    }

    #[getter]
    fn host_port(&self) -> u16 {
        self.0.host_port
    }

    #[getter]
    fn host_ip(&self) -> &str {
        &self.0.host_ip
    }

    #[getter]
    fn protocol(&self) -> &str {
        &self.0.protocol
    }

    #[getter]
    fn portstr(&self) -> String {
        self.0.portstr()
    }

    /// Parses `host_ip:host_port->container_port/protocol` into
    /// `(container_port, host_port, host_ip, protocol)`.
    #[staticmethod]
    fn split_to_component(portstr: &str) -> PyResult<(u16, u16, String, String)> {
        let p = ContainerPort::split_to_component(portstr)?;
        Ok((p.container_port, p.host_port, p.host_ip, p.protocol))
    }

    /// Builds `host_ip:host_port->container_port/protocol`.
    #[staticmethod]
    #[pyo3(signature = (container_port, host_port = None, host_ip = "0.0.0.0", protocol = "tcp"))]
    fn portstr_from_component(container_port: u16, host_port: Option<u16>, host_ip: &str, protocol: &str) -> String {
        ContainerPort::new(container_port, host_port, host_ip, protocol).portstr()
    }

    /// Parses a `docker port` line, `container_port/protocol -> host_ip:host_port`.
    #[staticmethod]
    fn from_port_line(line: &str) -> PyResult<Self> {
        Ok(PyContainerPort(ContainerPort::from_port_line(line)?))
    }

    #[pyo3(signature = (container_port, host_port = None, host_ip = "0.0.0.0", protocol = "tcp"))]
    fn cmp_portstr_with_component(
        &self,
        container_port: u16,
        host_port: Option<u16>,
        host_ip: &str,
        protocol: &str,
    ) -> bool {
        self.0 == ContainerPort::new(container_port, host_port, host_ip, protocol)
    }

    fn cmp_portstr(&self, portstr: &str) -> bool {
        ContainerPort::split_to_component(portstr).is_ok_and(|p| p == self.0)
    }

    fn __str__(&self) -> String {
        let p = &self.0;
        format!(
            "container_port:{} host_port:{} host_ip:{} protocol:{} portstr:{}",
            p.container_port,
            p.host_port,
            p.host_ip,
            p.protocol,
            p.portstr()
        )
    }

    fn __repr__(&self) -> String {
        let p = &self.0;
        format!(
            "ContainerPort({}, {}, {:?}, {:?})",
            p.container_port, p.host_port, p.host_ip, p.protocol
        )
    }
}

/// The published ports of a PORTS cell (`a:1->2/tcp, b:3->4/udp`); unpublished ones are skipped.
#[pyfunction]
pub fn ports_from_cell(cell: &str) -> PyResult<Vec<PyContainerPort>> {
    Ok(networking::ports_from_cell(cell)?
        .into_iter()
        .map(PyContainerPort)
        .collect())
}
