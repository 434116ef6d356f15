#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace sipelanduk {

// What went wrong, as a sentence for the person in front of the screen: what happened and what
// to do about it. `code` is a stable machine-readable word for tests, logs and the protocol.
struct Error
{
    QString message;
    QString code = {};
};

// A value or the reason there is none. Errors are values here; nothing in core throws.
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    {}
    Result(Error error)
        : m_error(std::move(error))
    {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return *m_value; }
    T& value() & { return *m_value; }
    T&& value() && { return std::move(*m_value); }
    const T& operator*() const& { return *m_value; }
    const T* operator->() const { return &*m_value; }
    T* operator->() { return &*m_value; }

    const Error& error() const { return m_error; }
    const QString& errorMessage() const { return m_error.message; }

private:
    std::optional<T> m_value;
    Error m_error;
};

template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_failed(true)
        , m_error(std::move(error))
    {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }

    const Error& error() const { return m_error; }
    const QString& errorMessage() const { return m_error.message; }

private:
    bool m_failed = false;
    Error m_error;
};

using Status = Result<void>;

} // namespace sipelanduk
