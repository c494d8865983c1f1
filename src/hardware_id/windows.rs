//! Windows: WMI and the registry through their APIs, as the vendor's generator reads them.
//!
//! - 0 (Default), 2 and 4: `SELECT UUID FROM Win32_ComputerSystemProduct`, the first object's
//!   `UUID` exactly as WMI returns it (the vendor's generator sends every algorithm other than 1
//!   and 3 here, 4 included).
//! - 1: the hardware fingerprint, see [`super::windows_fingerprint`]. The disk is the
//!   `Win32_DiskDrive` whose `Index` is the `DiskIndex` of the first partition associated with the
//!   logical disk of the system directory's drive (`ASSOCIATORS OF
//!   {Win32_LogicalDisk.DeviceID='C:'} WHERE AssocClass = Win32_LogicalDiskToPartition`).
//! - 3: the registry value `HKLM\SOFTWARE\Microsoft\Cryptography\MachineGuid` (64-bit view).
//!
//! A WMI string property that is NULL or cannot be read counts as empty, like in the vendor's
//! generator. The vendor converts every value to the ANSI code page before hashing, so the hash
//! here is over the same bytes (identical to UTF-8 for the ASCII these values hold in practice).
//!
//! COM: the calling thread joins the multithreaded apartment for the call (and leaves it after)
//! unless it already is in an apartment, which is then used as it is. Process-wide COM security
//! (`CoInitializeSecurity`) is left to the application; the WMI proxies get the impersonation
//! level WMI needs through `CoSetProxyBlanket`, as the vendor's generator also sets it.

use super::{unavailable, windows_fingerprint, HardwareIdAlgorithm, Source};
use crate::error::Result;
use windows::core::{w, IUnknown, BSTR, HRESULT, PCSTR, PCWSTR};
use windows::Win32::Foundation::{ERROR_SUCCESS, RPC_E_CHANGED_MODE};
use windows::Win32::Globalization::{WideCharToMultiByte, CP_ACP};
use windows::Win32::System::Com::{
    CoCreateInstance, CoInitializeEx, CoSetProxyBlanket, CoUninitialize, CLSCTX_INPROC_SERVER,
    COINIT_MULTITHREADED, EOAC_NONE, RPC_C_AUTHN_LEVEL_CALL, RPC_C_IMP_LEVEL_IMPERSONATE,
};
use windows::Win32::System::Registry::{
    RegGetValueW, HKEY_LOCAL_MACHINE, RRF_RT_REG_SZ, RRF_SUBKEY_WOW6464KEY,
};
use windows::Win32::System::Rpc::{RPC_C_AUTHN_WINNT, RPC_C_AUTHZ_NONE};
use windows::Win32::System::SystemInformation::GetSystemDirectoryW;
use windows::Win32::System::Variant::{VariantClear, VARIANT, VT_BSTR, VT_NULL};
use windows::Win32::System::Wmi::{
    IEnumWbemClassObject, IWbemClassObject, IWbemLocator, IWbemServices, WbemLocator,
    WBEM_FLAG_FORWARD_ONLY, WBEM_FLAG_RETURN_IMMEDIATELY, WBEM_INFINITE,
};

type A = HardwareIdAlgorithm;

pub(super) fn source(algorithm: A) -> Result<Source> {
    let text = match algorithm {
        A::LS_HARDWARE_ID_WINDOWS_CRYPTOGRAPHY_ID => machine_guid(algorithm)?,
        A::LS_HARDWARE_ID_WINDOWS_HARDWARE_FINGERPRINT => {
            with_wmi(algorithm, |wmi| fingerprint(algorithm, wmi))?
        }
        A::LS_HARDWARE_ID_DEFAULT
        | A::LS_HARDWARE_ID_WINDOWS_COMPUTER_SYSTEM_PRODUCT_ID
        | A::LS_HARDWARE_ID_LINUX_MACHINE_ID => {
            with_wmi(algorithm, |wmi| system_product_uuid(algorithm, wmi))?
        }
    };
    let bytes = ansi_bytes(&text);
    Ok(Source { text, bytes })
}

/// `HKLM\SOFTWARE\Microsoft\Cryptography\MachineGuid`.
fn machine_guid(algorithm: A) -> Result<String> {
    let read = |buf: Option<&mut [u16]>, len: &mut u32| {
        // SAFETY: the buffer (when given) holds `*len` bytes; the key and value names are
        // NUL-terminated literals.
        unsafe {
            RegGetValueW(
                HKEY_LOCAL_MACHINE,
                w!(r"SOFTWARE\Microsoft\Cryptography"),
                w!("MachineGuid"),
                RRF_RT_REG_SZ | RRF_SUBKEY_WOW6464KEY,
                None,
                buf.map(|b| b.as_mut_ptr().cast()),
                Some(len),
            )
        }
    };
    let fail = |code: u32| {
        unavailable(
            algorithm,
            &format!(
                "the registry value HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MachineGuid \
                 cannot be read (Windows error {code})"
            ),
        )
    };
    let mut len = 0u32;
    let status = read(None, &mut len);
    if status != ERROR_SUCCESS {
        return Err(fail(status.0));
    }
    let mut buf = vec![0u16; (len as usize).div_ceil(2) + 1];
    len = (buf.len() * 2) as u32;
    let status = read(Some(&mut buf), &mut len);
    if status != ERROR_SUCCESS {
        return Err(fail(status.0));
    }
    Ok(wide_to_string(&buf))
}

/// The UUID of the first `Win32_ComputerSystemProduct`.
fn system_product_uuid(algorithm: A, wmi: &Wmi) -> Result<String> {
    let query = "SELECT UUID FROM Win32_ComputerSystemProduct";
    let product = wmi
        .first(query)
        .map_err(|why| unavailable(algorithm, &why))?;
    let uuid = string_property(&product, w!("UUID"));
    if uuid.is_empty() {
        return Err(unavailable(
            algorithm,
            "WMI gave no Win32_ComputerSystemProduct.UUID",
        ));
    }
    Ok(uuid)
}

/// Algorithm 1: base board, processor and system disk.
fn fingerprint(algorithm: A, wmi: &Wmi) -> Result<String> {
    let base = wmi
        .first("SELECT Model, Manufacturer, Name, SerialNumber FROM Win32_BaseBoard")
        .map(|o| string_property(&o, w!("Manufacturer")) + &string_property(&o, w!("SerialNumber")))
        .unwrap_or_default();
    let cpu = wmi
        .first("SELECT Name, Manufacturer, ProcessorId FROM Win32_Processor")
        .map(|o| string_property(&o, w!("Name")) + &string_property(&o, w!("ProcessorId")))
        .unwrap_or_default();
    let disk = system_disk(wmi).unwrap_or_default();
    windows_fingerprint(&base, &cpu, &disk).ok_or_else(|| {
        let missing: Vec<&str> = [
            (base.is_empty(), "Win32_BaseBoard"),
            (cpu.is_empty(), "Win32_Processor"),
            (disk.is_empty(), "the system disk's Win32_DiskDrive"),
        ]
        .iter()
        .filter(|(empty, _)| *empty)
        .map(|(_, name)| *name)
        .collect();
        unavailable(
            algorithm,
            &format!(
                "WMI gave fewer than two of base board, processor and system disk (nothing \
                 from {})",
                missing.join(", ")
            ),
        )
    })
}

/// `Model` + `SerialNumber` of the disk drive holding the system directory's drive.
fn system_disk(wmi: &Wmi) -> std::result::Result<String, String> {
    let mut dir = [0u16; 512];
    // SAFETY: the buffer is writable for its whole length.
    let len = unsafe { GetSystemDirectoryW(Some(&mut dir)) } as usize;
    if !(2..=dir.len()).contains(&len) {
        return Err("the system directory is unknown".into());
    }
    let drive = String::from_utf16_lossy(&dir[..2]);
    let partition = wmi.first(&format!(
        "ASSOCIATORS OF {{Win32_LogicalDisk.DeviceID='{drive}'}} \
         WHERE AssocClass = Win32_LogicalDiskToPartition"
    ))?;
    let index = disk_index(&partition)?;
    let disk = wmi.first(&format!(
        "SELECT Manufacturer, Model, SerialNumber FROM Win32_DiskDrive WHERE Index={index}"
    ))?;
    Ok(string_property(&disk, w!("Model")) + &string_property(&disk, w!("SerialNumber")))
}

/// A partition's `DiskIndex`; NULL reads as 0, like in the vendor's generator.
fn disk_index(partition: &IWbemClassObject) -> std::result::Result<i32, String> {
    let mut value = VARIANT::default();
    // SAFETY: `value` is an initialised VARIANT that Get overwrites and VariantClear frees.
    unsafe {
        partition
            .Get(w!("DiskIndex"), 0, &mut value, None, None)
            .map_err(|e| format!("Win32_DiskPartition.DiskIndex: {e}"))?;
        let inner = &value.Anonymous.Anonymous;
        let index = if inner.vt == VT_NULL {
            0
        } else {
            inner.Anonymous.lVal
        };
        let _ = VariantClear(&mut value);
        Ok(index)
    }
}

/// A string property, empty when it is NULL, not a string or cannot be read; cut at a NUL like
/// the vendor's C string.
fn string_property(object: &IWbemClassObject, name: PCWSTR) -> String {
    let mut value = VARIANT::default();
    // SAFETY: as in `disk_index`; the BSTR is only borrowed before VariantClear frees it.
    unsafe {
        if object.Get(name, 0, &mut value, None, None).is_err() {
            return String::new();
        }
        let inner = &value.Anonymous.Anonymous;
        let text = if inner.vt == VT_BSTR {
            let bstr: &BSTR = &inner.Anonymous.bstrVal;
            wide_to_string(bstr)
        } else {
            String::new()
        };
        let _ = VariantClear(&mut value);
        text
    }
}

/// UTF-16 up to the first NUL, as text.
fn wide_to_string(wide: &[u16]) -> String {
    let end = wide.iter().position(|&c| c == 0).unwrap_or(wide.len());
    String::from_utf16_lossy(&wide[..end])
}

/// The bytes the vendor's generator hashes: the text in the ANSI code page (`_bstr_t`'s and
/// `RegQueryValueExA`'s conversion).
fn ansi_bytes(text: &str) -> Vec<u8> {
    if text.is_ascii() {
        return text.as_bytes().to_vec();
    }
    let wide: Vec<u16> = text.encode_utf16().collect();
    // SAFETY: the output buffer is sized by the first call.
    unsafe {
        let len = WideCharToMultiByte(CP_ACP, 0, &wide, None, PCSTR::null(), None);
        let mut out = vec![0u8; len.max(0) as usize];
        let written = WideCharToMultiByte(CP_ACP, 0, &wide, Some(&mut out), PCSTR::null(), None);
        out.truncate(written.max(0) as usize);
        out
    }
}

/// Runs `f` with a WMI connection to `ROOT\CIMV2`, inside COM for this thread.
fn with_wmi<T>(algorithm: A, f: impl FnOnce(&Wmi) -> Result<T>) -> Result<T> {
    let _com = Com::enter().map_err(|hr| {
        unavailable(
            algorithm,
            &format!("COM cannot be initialised on this thread ({hr})"),
        )
    })?;
    // Declared after `_com`, so dropped (released) before COM is left.
    let wmi = Wmi::connect().map_err(|why| unavailable(algorithm, &why))?;
    f(&wmi)
}

/// This thread's membership of a COM apartment for the duration of a call.
struct Com {
    leave: bool,
}

impl Com {
    fn enter() -> std::result::Result<Com, HRESULT> {
        // SAFETY: paired with CoUninitialize in Drop when it succeeded.
        let hr = unsafe { CoInitializeEx(None, COINIT_MULTITHREADED) };
        if hr.is_ok() {
            Ok(Com { leave: true })
        } else if hr == RPC_E_CHANGED_MODE {
            // The application put this thread in a single-threaded apartment: use it as it is.
            Ok(Com { leave: false })
        } else {
            Err(hr)
        }
    }
}

impl Drop for Com {
    fn drop(&mut self) {
        if self.leave {
            // SAFETY: balances the successful CoInitializeEx in `enter`.
            unsafe { CoUninitialize() };
        }
    }
}

struct Wmi {
    services: IWbemServices,
}

impl Wmi {
    fn connect() -> std::result::Result<Wmi, String> {
        // SAFETY: plain COM calls on objects this function owns.
        unsafe {
            let locator: IWbemLocator = CoCreateInstance(&WbemLocator, None, CLSCTX_INPROC_SERVER)
                .map_err(|e| format!("WMI is not available (WbemLocator: {e})"))?;
            let services = locator
                .ConnectServer(
                    &BSTR::from(r"ROOT\CIMV2"),
                    &BSTR::new(),
                    &BSTR::new(),
                    &BSTR::from("MS_409"),
                    0,
                    &BSTR::new(),
                    None,
                )
                .map_err(|e| format!(r"WMI refused the connection to ROOT\CIMV2 ({e})"))?;
            set_blanket((&services).into())
                .map_err(|e| format!("WMI refused the security settings ({e})"))?;
            Ok(Wmi { services })
        }
    }

    /// The first object a WQL query returns.
    fn first(&self, query: &str) -> std::result::Result<IWbemClassObject, String> {
        // SAFETY: plain COM calls; the out-array has room for the one object asked for.
        unsafe {
            let objects: IEnumWbemClassObject = self
                .services
                .ExecQuery(
                    &BSTR::from("WQL"),
                    &BSTR::from(query),
                    WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY,
                    None,
                )
                .map_err(|e| format!("WMI refused the query {query:?} ({e})"))?;
            // Needed for a remote enumerator only; a local one may not be a proxy at all.
            let _ = set_blanket((&objects).into());
            let mut found = [None];
            let mut returned = 0u32;
            let hr = objects.Next(WBEM_INFINITE, &mut found, &mut returned);
            match found[0].take() {
                Some(object) if hr.is_ok() && returned == 1 => Ok(object),
                _ if hr.is_err() => Err(format!("WMI failed the query {query:?} ({hr})")),
                _ => Err(format!("WMI returned nothing for {query:?}")),
            }
        }
    }
}

/// Impersonation for the calls WMI makes on our behalf, like the vendor's generator.
fn set_blanket(proxy: &IUnknown) -> windows::core::Result<()> {
    // SAFETY: `proxy` is a live COM interface.
    unsafe {
        CoSetProxyBlanket(
            proxy,
            RPC_C_AUTHN_WINNT,
            RPC_C_AUTHZ_NONE,
            PCWSTR::null(),
            RPC_C_AUTHN_LEVEL_CALL,
            RPC_C_IMP_LEVEL_IMPERSONATE,
            None,
            EOAC_NONE,
        )
    }
}
