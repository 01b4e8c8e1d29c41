#pragma once
#include <QString>

namespace ms::studio {

enum class Theme { System, Light, Dark };

// Fusion with a light or dark palette; System keeps the platform's palette.
void applyTheme(Theme theme);
Theme savedTheme();
void saveTheme(Theme theme);
bool isDarkPalette();

}  // namespace ms::studio
